/**
 * Red and black list entries → 信用中国 `/list-entries` (认定发起, domain.md §5, §9).
 *
 * Field mapping (list-entry-created data → national):
 *   listEntryId, list, category, basis, initiatingUnit, decidedOn, validUntil → same names
 *   subjectCode → subject.code · maskedCode → subject.maskedCode · envelope subjectKey → subject.subjectKey (natural persons)
 */
import { listEntryCreatedV1, type EventEnvelope, type ListEntryCreatedV1 } from '@credit/contracts';
import { subjectOf, type PlannedDelivery } from './shared';

export const ENDPOINT = '/list-entries';
export const eventTypes = [listEntryCreatedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== listEntryCreatedV1.type) return [];
  const e = (event as EventEnvelope<ListEntryCreatedV1>).data;
  const payload = {
    listEntryId: e.listEntryId,
    list: e.list,
    category: e.category,
    subject: subjectOf(event, { code: e.subjectCode, maskedCode: e.maskedCode }),
    basis: e.basis,
    initiatingUnit: e.initiatingUnit,
    decidedOn: e.decidedOn,
    ...(e.validUntil !== undefined && { validUntil: e.validUntil }),
  };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}
