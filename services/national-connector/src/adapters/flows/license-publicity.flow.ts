/**
 * 双公示 licensing decisions → 信用中国 `/publicity/licenses`, and again, whole, when corrected.
 *
 * Field mapping (license-published data, or license-corrected `record` → national):
 *   licenseId → recordId · decisionNumber → decisionNumber · subject → subject (as the penalty feed's)
 *   licenseName, licenseNumber, licenseType, certificateName, content, decidedOn, validFrom, validUntil,
 *   status, authority, sourceUnit, matterCode, remarks → same names
 *   (corrected) reason → correction.reason · changes[].field → correction.changedFields · objectionId → correction.objectionId
 */
import { licenseCorrectedV1, licensePublishedV1, type EventEnvelope, type LicenseCorrectedV1, type LicensePublishedV1 } from '@credit/contracts';
import { correctionOf, recordSubjectOf, type PlannedDelivery } from './shared';

export const ENDPOINT = '/publicity/licenses';
export const eventTypes = [licensePublishedV1.type, licenseCorrectedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type === licensePublishedV1.type) {
    return [{ target: 'credit-china', endpoint: ENDPOINT, payload: licensePayload(event, (event as EventEnvelope<LicensePublishedV1>).data) }];
  }
  if (event.type === licenseCorrectedV1.type) {
    const corrected = (event as EventEnvelope<LicenseCorrectedV1>).data;
    return [{ target: 'credit-china', endpoint: ENDPOINT, payload: { ...licensePayload(event, corrected.record), correction: correctionOf(corrected) } }];
  }
  return [];
}

function licensePayload(event: EventEnvelope, l: LicensePublishedV1): Record<string, unknown> {
  return {
    recordId: l.licenseId,
    decisionNumber: l.decisionNumber,
    subject: recordSubjectOf(event, l.subject),
    licenseName: l.licenseName,
    ...(l.licenseNumber !== undefined && { licenseNumber: l.licenseNumber }),
    licenseType: l.licenseType,
    ...(l.certificateName !== undefined && { certificateName: l.certificateName }),
    content: l.content,
    decidedOn: l.decidedOn,
    validFrom: l.validFrom,
    ...(l.validUntil !== undefined && { validUntil: l.validUntil }),
    ...(l.status !== undefined && { status: l.status }),
    authority: l.authority,
    sourceUnit: l.sourceUnit,
    ...(l.matterCode !== undefined && { matterCode: l.matterCode }),
    ...(l.remarks !== undefined && { remarks: l.remarks }),
  };
}
