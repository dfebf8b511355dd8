/**
 * Who may do what, as pure rules over the verified principal: no framework, no I/O. Services and
 * deciders call them with the facts they hold (the unit a record belongs to, the unit named in a
 * request) and turn a refusal into 403 or 404 themselves; `@credit/platform` verifies the token
 * into a Principal and re-exports these.
 *
 * A department is identified by its token's `sub` (its USCC) alone: the `name` claim is a display
 * name that any token may carry, so it never decides anything here.
 */
import { normalizedUnitCode, sameUnit } from './units.rules';

/** Roles of api-contract.md "Common rules": what department and operator tokens carry. */
export const DEPARTMENT_ROLES = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;
/**
 * Every role the platform knows: the department roles; `service`, which only the platform's own
 * short-lived service-to-service tokens carry; and `institution`, a financial institution (its USCC
 * as `sub`) that reads a subject's credit information only under that subject's authorization
 * (credit-sharing). Both are carried alone: a token adding either to another role is refused.
 */
export const ROLES = [...DEPARTMENT_ROLES, 'service', 'institution'] as const;
/** Roles carried alone, never with another one. */
export const SOLE_ROLES = ['service', 'institution'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The department system behind a request, from its verified token. */
export interface Principal {
  /** USCC of the department (`sub` claim). */
  departmentCode: string;
  /** Display name of the department or system (`name` claim). */
  name: string;
  /** Known roles only; an unknown role in a token grants nothing. */
  roles: Role[];
}

export const hasAnyRole = (principal: Principal, roles: readonly Role[]): boolean => roles.some((role) => principal.roles.includes(role));

/** Whether the caller reads the non-public records of every unit (operations and administrators). */
export const readsEveryUnit = (principal: Principal): boolean => principal.roles.includes('ops') || principal.roles.includes('admin');

/**
 * The unit whose non-public records the caller reads, or null when it reads those of every unit.
 * Queries filter on it; a record outside it is answered as not found, so that its existence is
 * not disclosed either.
 */
export const readScope = (principal: Principal): string | null => (readsEveryUnit(principal) ? null : normalizedUnitCode(principal.departmentCode));

/** Whether the caller may read a non-public record that belongs to any of `unitCodes`. */
export function readsRecordOf(principal: Principal, unitCodes: readonly string[]): boolean {
  return readsEveryUnit(principal) || unitCodes.some((code) => sameUnit(principal.departmentCode, code));
}
