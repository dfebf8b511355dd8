/** node-postgres' own value preparation and quoting (pg/lib/utils), which its types do not declare. */
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): unknown;
  export function escapeLiteral(value: string): string;
}
