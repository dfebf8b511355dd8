/**
 * Penalties leaving publicity → 信用中国 `/publicity/penalties/withdrawals`: revoked by review or
 * court (REVOCATION), at the end of the maximum period (EXPIRY), repaired (REPAIR) or an upheld
 * objection (OBJECTION). Every reason goes up: upstream shows the record it received on
 * `/publicity/penalties` until told it left publicity (the repair and objection feeds report the
 * decisions, not that this record is withdrawn). A correction taking a record out of publicity
 * stays on the penalty feed (penalty-publicity.flow.ts).
 *
 * Field mapping (penalty-publicity-withdrawn v1 data → national):
 *   penaltyId → recordId (the id the record went up with) · reason → reason · withdrawnOn → withdrawnOn
 *   repairApplicationId (REPAIR), document (REVOCATION), objectionId (OBJECTION), note → same names
 *   envelope subjectKey → subject.subjectKey
 */
import { penaltyPublicityWithdrawnV1, type EventEnvelope, type PenaltyPublicityWithdrawnV1 } from '@credit/contracts';
import { keyedSubjectOf, type PlannedDelivery } from './shared';

export const ENDPOINT = '/publicity/penalties/withdrawals';
export const eventTypes = [penaltyPublicityWithdrawnV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== penaltyPublicityWithdrawnV1.type) return [];
  const w = (event as EventEnvelope<PenaltyPublicityWithdrawnV1>).data;
  const payload = {
    recordId: w.penaltyId,
    reason: w.reason,
    withdrawnOn: w.withdrawnOn,
    ...(w.repairApplicationId !== undefined && { repairApplicationId: w.repairApplicationId }),
    ...(w.document !== undefined && { document: w.document }),
    ...(w.objectionId !== undefined && { objectionId: w.objectionId }),
    ...(w.note !== undefined && { note: w.note }),
    subject: keyedSubjectOf(event),
  };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}
