import { ForbiddenProblem } from '@credit/platform';
import type { RecordViewFor } from './record-access.rules';

/** The HTTP answer to a record access decision (record-access.rules.ts): the view, or 403 with the refusal as its detail. */
export function shownOrForbidden<V>(decision: RecordViewFor<V>): V {
  if (!decision.shown) throw new ForbiddenProblem(decision.refusal);
  return decision.view;
}
