/**
 * Who reads nominations. A nomination is not public: until a reviewer approves it, nobody is
 * listed, and a rejected one never lists anybody. Pure: the principal comes from the verified token.
 */
import { readScope, sameUnit, type Principal } from '@credit/credit-rules';

/**
 * The deciding unit whose nominations the caller reads, or null for all: reviewers read every
 * department's nominations, since reviewing another department's nomination is their work (their
 * own they may not review), and so do ops and administrators; any other caller its own unit's.
 */
export const nominationReadScope = (principal: Principal): string | null => (principal.roles.includes('reviewer') ? null : readScope(principal));

/** Whether the caller reads a nomination of `decidingUnitCode` (see nominationReadScope). */
export function readsNomination(principal: Principal, decidingUnitCode: string): boolean {
  const scope = nominationReadScope(principal);
  return scope === null || sameUnit(scope, decidingUnitCode);
}

/**
 * Whether the caller is the nominated subject itself (a legal person's own token): it never
 * reviews a nomination about itself, whatever roles its token carries.
 */
export const isNominatedSubject = (principal: Principal, subjectCode: string | null): boolean =>
  subjectCode !== null && sameUnit(subjectCode, principal.departmentCode);
