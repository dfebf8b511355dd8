/**
 * Objection outcomes → 信用中国 `/publicity/objection-outcomes` (domain.md §2, §9).
 *
 * Field mapping (objection-resolved data → national):
 *   objectionId, recordId, outcome, note, resolvedOn, late, correctionEventId → same names
 *   recordType → recordType (PENALTY when absent: earlier events were all about penalties)
 *   envelope subjectKey → subjectKey
 */
import { objectionResolvedV1, type EventEnvelope, type ObjectionResolvedV1 } from '@credit/contracts';
import type { PlannedDelivery } from './shared';

export const ENDPOINT = '/publicity/objection-outcomes';
export const eventTypes = [objectionResolvedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== objectionResolvedV1.type) return [];
  const o = (event as EventEnvelope<ObjectionResolvedV1>).data;
  const payload = {
    objectionId: o.objectionId,
    recordId: o.recordId,
    recordType: o.recordType ?? 'PENALTY',
    outcome: o.outcome,
    note: o.note,
    resolvedOn: o.resolvedOn,
    late: o.late,
    ...(o.correctionEventId !== undefined && { correctionEventId: o.correctionEventId }),
    subjectKey: event.subjectKey,
  };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}
