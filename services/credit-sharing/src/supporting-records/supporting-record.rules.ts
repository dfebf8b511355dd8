/**
 * Checks of a supporting record (信易贷支撑信息) that need more than its shape, and the event it
 * becomes. Pure. The statuses a category admits are the contract's (`STATUSES_OF_CATEGORY`), the
 * same rule every consumer of the event applies. A natural person's clear ID number ends here: what
 * leaves is the subject key and the masked form.
 */
import { STATUSES_OF_CATEGORY, type FieldError, type SupportingRecordReceivedV1 } from '@credit/contracts';
import type { SubjectIdentity } from '@credit/credit-rules';
import { isIsoDate, maskIdNumbersInText, normalizeUnitCode } from '@credit/domain-kernel';
import type { RecordSupportingDto } from './supporting-record.dto';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function checkSupportingRecord(
  dto: RecordSupportingDto,
  recordId: string,
  options: { subjectIdentity: SubjectIdentity; today: string },
): Checked<{ subjectKey: string; event: SupportingRecordReceivedV1 }> {
  const errors: FieldError[] = [];
  const subject = options.subjectIdentity.resolve(dto.subjectCode);
  if (!subject.ok) errors.push({ field: 'subjectCode', message: subject.message });
  const unitCode = normalizeUnitCode(dto.sourceUnit.code);
  if (unitCode === null) errors.push({ field: 'sourceUnit.code', message: 'must be a unified social credit code (GB 32100) with a valid check character' });
  const statuses = STATUSES_OF_CATEGORY[dto.category];
  if (!statuses.includes(dto.status)) errors.push({ field: 'status', message: `a ${dto.category} record is one of ${statuses.join(', ')}` });
  if (dto.taxGrade !== undefined && dto.category !== 'TAX') errors.push({ field: 'taxGrade', message: 'taxGrade (纳税信用等级) is given on TAX records only' });
  if (!isIsoDate(dto.recordedOn)) errors.push({ field: 'recordedOn', message: 'recordedOn must be a real calendar date' });
  else if (dto.recordedOn > options.today) errors.push({ field: 'recordedOn', message: `recordedOn must not be after today (${options.today})` });
  if (dto.validUntil !== undefined) {
    if (!isIsoDate(dto.validUntil)) errors.push({ field: 'validUntil', message: 'validUntil must be a real calendar date' });
    else if (dto.validUntil < dto.recordedOn) errors.push({ field: 'validUntil', message: 'validUntil must not be before recordedOn' });
  }
  if (dto.period !== undefined && dto.period > dto.recordedOn.slice(0, 7)) errors.push({ field: 'period', message: 'period must not be after the month of recordedOn' });
  if (!subject.ok || unitCode === null || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      subjectKey: subject.subjectKey,
      event: {
        recordId,
        subject: { kind: subject.kind, code: subject.subjectCode, maskedCode: subject.maskedCode },
        // Free text goes onto the topics for good: a clear ID number quoted in it is masked (domain.md §1).
        subjectName: maskIdNumbersInText(dto.subjectName.trim()),
        category: dto.category,
        status: dto.status,
        sourceReference: dto.sourceReference.trim(),
        ...(dto.period !== undefined && { period: dto.period }),
        ...(dto.taxGrade !== undefined && { taxGrade: dto.taxGrade }),
        ...(dto.amount !== undefined && { amount: dto.amount }),
        description: maskIdNumbersInText(dto.description.trim()),
        recordedOn: dto.recordedOn,
        ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
        sourceUnit: { name: maskIdNumbersInText(dto.sourceUnit.name.trim()), code: unitCode },
      },
    },
  };
}

/** Whether an institution is shown a supporting record on `today`: until its `validUntil`, if any. */
export const supportingRecordShown = (record: { validUntil?: string | null }, today: string): boolean =>
  record.validUntil === undefined || record.validUntil === null || today <= record.validUntil;
