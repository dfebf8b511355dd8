import { sourceUnitRefusal, type Principal } from '@credit/credit-rules';
import { ForbiddenProblem } from '../errors/problems';

// The roles and the principal are credit rules' plain data (who may do what): defined once there.
export { DEPARTMENT_ROLES, hasAnyRole, isRole, ROLES, SOLE_ROLES, type Principal, type Role } from '@credit/credit-rules';

/**
 * A department writes only records whose source unit it is (architecture.md, Security); the
 * platform's administrators may act for any unit.
 */
export function assertSourceUnit(principal: Principal, sourceUnitCode: string): void {
  const refusal = sourceUnitRefusal(principal, sourceUnitCode);
  if (refusal !== null) throw new ForbiddenProblem(refusal);
}
