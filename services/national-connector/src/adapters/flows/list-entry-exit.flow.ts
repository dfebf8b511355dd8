/**
 * List-entry exits of every kind (修复退出, domain.md §5) → 信用中国 `/list-entries/exits`: by decision,
 * by an approved repair, because the penalty behind the entry left publicity, or on expiry (v2 only).
 * Every trigger goes up: upstream shows the entry it received on `/list-entries` until told it ended.
 *
 * Field mapping (list-entry-exited data, v1 and v2 → national):
 *   listEntryId → listEntryId (the id the entry went up with on `/list-entries`)
 *   trigger → trigger (DECISION | REPAIR | PUBLICITY_WITHDRAWN | EXPIRY)
 *   reason → reason · exitedOn → exitedOn · repairApplicationId → repairApplicationId (REPAIR)
 *   envelope subjectKey → subject.subjectKey
 * The event names neither the list (red or black) nor the subject's code: upstream holds both under
 * the entry's id, and the plan maps the event alone so that it stays pure.
 */
import { listEntryExitedV2, type EventEnvelope, type ListEntryExitedV1, type ListEntryExitedV2 } from '@credit/contracts';
import { keyedSubjectOf, type PlannedDelivery } from './shared';

export const ENDPOINT = '/list-entries/exits';
/** v1 and v2 share the type (v2 only widened the trigger enum): one subscription handles both. */
export const eventTypes = [listEntryExitedV2.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== listEntryExitedV2.type) return [];
  const x: ListEntryExitedV1 | ListEntryExitedV2 = (event as EventEnvelope<ListEntryExitedV2>).data;
  const payload = {
    listEntryId: x.listEntryId,
    trigger: x.trigger,
    reason: x.reason,
    exitedOn: x.exitedOn,
    ...(x.repairApplicationId !== undefined && { repairApplicationId: x.repairApplicationId }),
    subject: keyedSubjectOf(event),
  };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}
