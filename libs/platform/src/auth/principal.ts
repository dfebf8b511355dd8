import { ForbiddenProblem } from '../errors/problems';

/** Roles of api-contract.md "Common rules": what department and operator tokens carry. */
export const DEPARTMENT_ROLES = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;
/**
 * Every role the platform knows: the department roles, and `service`, which only the platform's own
 * short-lived service-to-service tokens carry (alone: a token with `service` and another role is refused).
 */
export const ROLES = [...DEPARTMENT_ROLES, 'service'] as const;
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

export const hasAnyRole = (principal: Principal, roles: readonly Role[]): boolean =>
  roles.some((role) => principal.roles.includes(role));

/**
 * A department writes only records whose source unit it is (architecture.md, Security); the
 * platform's administrators may act for any unit.
 */
export function assertSourceUnit(principal: Principal, sourceUnitCode: string): void {
  if (principal.roles.includes('admin')) return;
  if (principal.departmentCode.trim().toUpperCase() !== sourceUnitCode.trim().toUpperCase()) {
    throw new ForbiddenProblem(
      `department ${principal.departmentCode} may only write records whose source unit it is (source unit ${sourceUnitCode})`,
    );
  }
}
