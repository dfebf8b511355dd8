/**
 * Who may do what, as pure rules over the verified principal: no Nest, no I/O. Services and
 * deciders call them with the facts they hold (the unit a record belongs to, the unit named in a
 * request) and turn a refusal into 403 or 404 themselves.
 *
 * A department is identified by its token's `sub` (its USCC) alone: the `name` claim is a display
 * name that any token may carry, so it never decides anything here.
 */
import type { Principal } from './principal';

/** A unit code as departments write it: surrounding blanks and letter case carry no meaning. */
export const normalizedUnit = (code: string): string => code.trim().toUpperCase();

/** Whether two unit codes name the same unit (compared normalised). */
export const sameUnit = (a: string, b: string): boolean => normalizedUnit(a) === normalizedUnit(b);

/**
 * Whether the caller may act in the name of `unitCode`: its own unit, or any unit for the
 * platform's administrators (the convention of assertSourceUnit).
 */
export function actsForUnit(principal: Principal, unitCode: string): boolean {
  return principal.roles.includes('admin') || sameUnit(principal.departmentCode, unitCode);
}

/** Whether the caller reads the non-public records of every unit (operations and administrators). */
export const readsEveryUnit = (principal: Principal): boolean => principal.roles.includes('ops') || principal.roles.includes('admin');

/**
 * The unit whose non-public records the caller reads, or null when it reads those of every unit.
 * Queries filter on it; a record outside it is answered as not found, so that its existence is
 * not disclosed either.
 */
export const readScope = (principal: Principal): string | null => (readsEveryUnit(principal) ? null : normalizedUnit(principal.departmentCode));

/** Whether the caller may read a non-public record that belongs to any of `unitCodes`. */
export function readsRecordOf(principal: Principal, unitCodes: readonly string[]): boolean {
  return readsEveryUnit(principal) || unitCodes.some((code) => sameUnit(principal.departmentCode, code));
}
