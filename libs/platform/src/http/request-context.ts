/**
 * What a service's command methods receive from their controller: the verified principal and the
 * request's correlation id, and the command metadata every event of that request's command
 * carries. Once, for every service.
 */
import type { CommandMeta } from '@credit/event-store';
import type { Principal } from '../auth/principal';

/** Who is calling and under which correlation id: what every command of a request carries. */
export interface RequestContext {
  principal: Principal;
  correlationId: string;
}

/**
 * The metadata of a command a department's request starts: the department behind the token acts
 * (its display name as the user), in the business flow of `correlationId` (usually the request's,
 * a repair's application id for the repair flow), about `subjectKey` (null when about no subject).
 */
export function commandMetaOf(principal: Principal, correlationId: string, subjectKey: string | null): CommandMeta {
  return { subjectKey, correlationId, actor: { departmentCode: principal.departmentCode, user: principal.name } };
}
