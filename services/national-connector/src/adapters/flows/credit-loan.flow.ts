/**
 * 信易贷支撑信息 → the national and provincial 信易贷 platforms `/credit-loan/supporting-records`, for a
 * subject that authorized its delivery (credit-sharing decides that, and what is in scope).
 *
 * Field mapping (credit-loan-share data → national):
 *   shareId, authorizationId, categories, validUntil, records → same names
 *   subject (kind, code, maskedCode) → subject, with the envelope subjectKey for a natural person
 */
import { creditLoanShareV1, type CreditLoanShareV1, type EventEnvelope } from '@credit/contracts';
import { subjectOf, type PlannedDelivery } from './shared';

export const ENDPOINT = '/credit-loan/supporting-records';
export const eventTypes = [creditLoanShareV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== creditLoanShareV1.type) return [];
  const d = (event as EventEnvelope<CreditLoanShareV1>).data;
  const payload = { shareId: d.shareId, authorizationId: d.authorizationId, subject: subjectOf(event, d.subject), categories: d.categories, validUntil: d.validUntil, records: d.records };
  return [{ target: 'credit-loan-platform', endpoint: ENDPOINT, payload }];
}
