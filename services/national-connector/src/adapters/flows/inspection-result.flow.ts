/**
 * 双随机 inspection results (抽查结果, 双随机、一公开: the results are public, domain.md §7) →
 * 信用中国 `/grading/inspection-results`.
 *
 * Field mapping (inspection-result-recorded v1 data → national):
 *   resultId, planId, outcome, note, departmentCode, reportedOn → same names
 *   subjectCode → subject.code (a USCC) or subject.maskedCode (a natural person's masked number, with
 *   subject.subjectKey); the data's subjectKey is the envelope's and is not repeated
 */
import { inspectionResultRecordedV1, type EventEnvelope, type InspectionResultRecordedV1 } from '@credit/contracts';
import { subjectOfCode, type PlannedDelivery } from './shared';

export const ENDPOINT = '/grading/inspection-results';
export const eventTypes = [inspectionResultRecordedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== inspectionResultRecordedV1.type) return [];
  const r = (event as EventEnvelope<InspectionResultRecordedV1>).data;
  const payload = {
    resultId: r.resultId,
    planId: r.planId,
    outcome: r.outcome,
    note: r.note,
    departmentCode: r.departmentCode,
    reportedOn: r.reportedOn,
    subject: subjectOfCode(event, r.subjectCode),
  };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}
