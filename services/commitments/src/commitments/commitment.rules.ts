/**
 * Checks of a submission that need more than its shape: the subject code and the accepting unit's
 * code against their check characters, real calendar dates, and dates not in the future. Pure.
 * A natural person's clear ID number ends here: what leaves is the subject key and masked form.
 */
import type { CommitmentFulfilmentRecordedV1, CommitmentSignedV1, FieldError as ProblemField } from '@credit/contracts';
import type { SubjectIdentity } from '@credit/credit-rules';
import { isIsoDate, maskIdNumbersInText, normalizeUnitCode } from '@credit/domain-kernel';
import type { RecordFulfilmentDto, SignCommitmentDto } from './commitment.dto';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: ProblemField[] };

export function checkSignature(
  dto: SignCommitmentDto,
  commitmentId: string,
  options: { subjectIdentity: SubjectIdentity; today: string },
): Checked<{ subjectKey: string; event: CommitmentSignedV1 }> {
  const errors: ProblemField[] = [];
  const subject = options.subjectIdentity.resolve(dto.subjectCode);
  if (!subject.ok) errors.push({ field: 'subjectCode', message: subject.message });
  const unitCode = normalizeUnitCode(dto.acceptingUnit.code);
  if (unitCode === null) errors.push({ field: 'acceptingUnit.code', message: 'must be a unified social credit code (GB 32100) with a valid check character' });
  checkDate(dto.signedOn, 'signedOn', options.today, errors);
  if (dto.validUntil !== undefined) {
    if (!isIsoDate(dto.validUntil)) errors.push({ field: 'validUntil', message: 'validUntil must be a real calendar date' });
    else if (dto.validUntil < dto.signedOn) errors.push({ field: 'validUntil', message: 'validUntil must not be before signedOn' });
  }
  if (!subject.ok || unitCode === null || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      subjectKey: subject.subjectKey,
      event: {
        commitmentId,
        subject: { kind: subject.kind, code: subject.subjectCode, maskedCode: subject.maskedCode },
        type: dto.type,
        // Free text goes onto the topics for good: a clear ID number quoted in it is masked (domain.md §1).
        matter: maskIdNumbersInText(dto.matter.trim()),
        text: maskIdNumbersInText(dto.text.trim()),
        signedOn: dto.signedOn,
        ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
        public: dto.public,
        acceptingUnit: { name: maskIdNumbersInText(dto.acceptingUnit.name.trim()), code: unitCode },
      },
    },
  };
}

export function checkFulfilment(dto: RecordFulfilmentDto, commitmentId: string, today: string): Checked<CommitmentFulfilmentRecordedV1> {
  const errors: ProblemField[] = [];
  checkDate(dto.decidedOn, 'decidedOn', today, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { commitmentId, outcome: dto.outcome, note: maskIdNumbersInText(dto.note.trim()), decidedOn: dto.decidedOn } };
}

function checkDate(value: string, field: string, today: string, errors: ProblemField[]): void {
  if (!isIsoDate(value)) errors.push({ field, message: `${field} must be a real calendar date` });
  else if (value > today) errors.push({ field, message: `${field} must not be in the future (today is ${today}, Asia/Shanghai)` });
}
