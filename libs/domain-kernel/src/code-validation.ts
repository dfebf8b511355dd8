/**
 * The shape every subject-code check returns, so that a DTO validator, an import report and a
 * code-quality finding (重错码) can all show the same machine-readable reasons and messages.
 */
export interface CodeError<R extends string> {
  /** Stable, machine-readable reason; safe to store and to count in metrics. */
  readonly reason: R;
  /** Human-readable English explanation. Never contains a citizen ID number. */
  readonly message: string;
}

export interface CodeValidation<R extends string> {
  readonly valid: boolean;
  /** The code after normalisation (trimmed, upper-cased): the form to store and compare. */
  readonly normalized: string;
  /** Empty exactly when `valid` is true. */
  readonly errors: readonly CodeError<R>[];
}

/** Trim and upper-case: the only normalisation the standards allow; everything else is judged by the check. */
export function normalizeCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Length in characters (code points), so that an astral character counts once in the message. */
export function characterLength(value: string): number {
  return Array.from(value).length;
}
