/**
 * Who may see the website as it was (an as-of view): not the public. The anonymous portal shows
 * only the present; a view of the past shows what has since been withdrawn, corrected or repaired,
 * which the subject is entitled to have no longer shown. Pure: the guard passes the verified
 * principal (or none) and turns a refusal into 401 or 403.
 */
import type { Principal, Role } from '@credit/credit-rules';

/** The roles that may read an as-of view. */
export const AS_OF_READ_ROLES: readonly Role[] = ['reader', 'ops', 'admin'];

export type AsOfReadRefusal = { status: 401 | 403; reason: string } | null;

/** Null when the caller may read an as-of view; otherwise why not and with which status. */
export function asOfReadRefusal(principal: Principal | undefined): AsOfReadRefusal {
  if (principal === undefined) {
    return {
      status: 401,
      reason: `An as-of view (asOf) is not public: it needs an Authorization: Bearer <token> header with one of the roles ${AS_OF_READ_ROLES.join(', ')}. Without asOf the page shows the present.`,
    };
  }
  if (!AS_OF_READ_ROLES.some((role) => principal.roles.includes(role))) {
    return { status: 403, reason: `An as-of view (asOf) requires one of the roles: ${AS_OF_READ_ROLES.join(', ')}.` };
  }
  return null;
}
