/** The part of the HTTP response a handler sets when its status depends on the outcome (201 new, 200 nothing new). */
export interface StatusSetter {
  status(code: number): unknown;
}
