/**
 * 双公示 penalties → 信用中国 `/publicity/penalties` (domain.md §9). Only published records go up: an
 * unpublished record stays local.
 *
 * Field mapping (penalty-published data, or penalty-corrected `record` → national):
 *   penaltyId → recordId · decisionNumber → decisionNumber · subject → subject (kind, name, code,
 *   maskedCode, subjectKey for a natural person, legacy codes, legal representative and masked document)
 *   violationType, violationFacts, basis, categories, content → same names
 *   fineAmount (yuan) → fineAmountWan (exact string) + fineAmountTenThousandYuan (number)
 *   confiscatedAmount (yuan) → confiscatedAmountWan + confiscatedAmountTenThousandYuan
 *   suspendedCertificate, decidedOn, validUntil, severity, authority, sourceUnit, matterCode, remarks → same names
 *   publicity.from → publicity.from · publicity.maximumUntil → publicity.until and publicityDeadline
 *   (corrected) reason → correction.reason · changes[].field → correction.changedFields · objectionId → correction.objectionId
 *   (corrected out of publicity) record.publicity.reason → publicity.reason, with publicity.status NOT_PUBLISHED
 */
import {
  penaltyCorrectedV1,
  penaltyPublishedV1,
  type EventEnvelope,
  type PenaltyCorrectedV1,
  type PenaltyPublishedV1,
  type PenaltyRecordData,
} from '@credit/contracts';
import { correctionOf, recordSubjectOf, yuanToTenThousandYuan, yuanToWan, type PlannedDelivery } from './shared';

export const ENDPOINT = '/publicity/penalties';
export const eventTypes = [penaltyPublishedV1.type, penaltyCorrectedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type === penaltyPublishedV1.type) {
    const published = event as EventEnvelope<PenaltyPublishedV1>;
    return [{ target: 'credit-china', endpoint: ENDPOINT, payload: publishedPayload(event, published.data) }];
  }
  if (event.type === penaltyCorrectedV1.type) return planCorrection(event as EventEnvelope<PenaltyCorrectedV1>);
  return [];
}

/**
 * A corrected record is sent again, whole, under the correction event's id as Idempotency-Key. One
 * corrected out of publicity (published before, not now) is sent as well, with `publicity.status`
 * NOT_PUBLISHED: upstream must stop showing it. A record that never was published stays local.
 */
function planCorrection(event: EventEnvelope<PenaltyCorrectedV1>): PlannedDelivery[] {
  const record = event.data.record;
  const correction = correctionOf(event.data);
  if (record.publicity.status === 'PUBLISHED') {
    return [{ target: 'credit-china', endpoint: ENDPOINT, payload: { ...publishedPayload(event, record as PenaltyPublishedV1), correction } }];
  }
  if (event.data.previousPublicityStatus !== 'PUBLISHED') return [];
  const payload = { ...recordFields(event, record), publicity: { status: 'NOT_PUBLISHED', reason: record.publicity.reason }, correction };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}

function publishedPayload(event: EventEnvelope, p: PenaltyPublishedV1): Record<string, unknown> {
  return {
    ...recordFields(event, p),
    publicity: { from: p.publicity.from, until: p.publicity.maximumUntil },
    // 公示截止期: publicity stops automatically on the maximum.
    publicityDeadline: p.publicity.maximumUntil,
  };
}

function recordFields(event: EventEnvelope, p: PenaltyRecordData): Record<string, unknown> {
  return {
    recordId: p.penaltyId,
    decisionNumber: p.decisionNumber,
    subject: recordSubjectOf(event, p.subject),
    violationType: p.violationType,
    violationFacts: p.violationFacts,
    basis: p.basis,
    categories: p.categories,
    content: p.content,
    // The national penalty feed counts money in 万元 (ten thousand yuan): exact decimal strings
    // (`fineAmountWan`), and the earlier numeric fields kept for receivers that read those.
    ...(p.fineAmount !== undefined && { fineAmountWan: yuanToWan(p.fineAmount), fineAmountTenThousandYuan: yuanToTenThousandYuan(p.fineAmount) }),
    ...(p.confiscatedAmount !== undefined && {
      confiscatedAmountWan: yuanToWan(p.confiscatedAmount),
      confiscatedAmountTenThousandYuan: yuanToTenThousandYuan(p.confiscatedAmount),
    }),
    ...(p.suspendedCertificate !== undefined && { suspendedCertificate: p.suspendedCertificate }),
    decidedOn: p.decidedOn,
    ...(p.validUntil !== undefined && { validUntil: p.validUntil }),
    severity: p.severity,
    authority: p.authority,
    sourceUnit: p.sourceUnit,
    ...(p.matterCode !== undefined && { matterCode: p.matterCode }),
    ...(p.remarks !== undefined && { remarks: p.remarks }),
  };
}
