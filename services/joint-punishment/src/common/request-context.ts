import type { CommandMeta } from '@credit/event-store';
import type { Principal } from '@credit/platform';

export interface RequestContext {
  principal: Principal;
  correlationId: string;
}

/** What every event of a request's command shares: the department behind the token, the request's correlation id. */
export function requestMeta(subjectKey: string | null, ctx: RequestContext): CommandMeta {
  return {
    subjectKey,
    correlationId: ctx.correlationId,
    actor: { departmentCode: ctx.principal.departmentCode, user: ctx.principal.name },
  };
}
