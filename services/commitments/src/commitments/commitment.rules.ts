/**
 * Checks of a submission that need more than its shape: the subject code and the accepting unit's
 * code against their check characters, real calendar dates, dates not in the future, and the terms
 * a listed matter (承诺事项清单) sets. Pure. A natural person's clear ID number ends here: what
 * leaves is the subject key and masked form.
 */
import type {
  CommitmentClosedV1,
  CommitmentFulfilmentRecordedV1,
  CommitmentMatterRegisteredV1,
  CommitmentSignedV2,
  FieldError as ProblemField,
} from '@credit/contracts';
import { DomainRuleError, type SubjectIdentity } from '@credit/credit-rules';
import { isIsoDate, maskIdNumbersInText, normalizeUnitCode, type WorkingDayCalendar } from '@credit/domain-kernel';
import { fillTemplate, placeholdersOf } from '../matters/commitment-matter.rules';
import type { CloseCommitmentDto, RecordFulfilmentDto, SignCommitmentDto } from './commitment.dto';

/** The longest commitment text the signature event carries. */
const MAX_TEXT_LENGTH = 5000;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: ProblemField[] };

export interface SignatureOptions {
  subjectIdentity: SubjectIdentity;
  today: string;
  calendar: WorkingDayCalendar;
  /**
   * The current version of the matter `matterCode` names on the accepting unit's list; null when
   * it is not on the list (undefined when the request names none).
   */
  matter?: CommitmentMatterRegisteredV1 | null;
}

export function checkSignature(dto: SignCommitmentDto, commitmentId: string, options: SignatureOptions): Checked<{ subjectKey: string; event: CommitmentSignedV2 }> {
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
  if (dto.matterCode === undefined) {
    // Without a listed matter the commitment states its own terms, as before the list existed.
    for (const field of ['type', 'matter', 'text', 'public'] as const) {
      if (dto[field] === undefined) errors.push({ field, message: `${field} is required when no matterCode names a matter of the list` });
    }
  } else if (options.matter && placeholdersOf(options.matter.template).includes('subjectName') && dto.subjectName === undefined) {
    errors.push({ field: 'subjectName', message: `subjectName is required: the template of matter ${dto.matterCode} names the subject` });
  }
  if (!subject.ok || unitCode === null || errors.length > 0) return { ok: false, errors };

  const acceptingUnit = { name: maskIdNumbersInText(dto.acceptingUnit.name.trim()), code: unitCode };
  const base = {
    commitmentId,
    subject: { kind: subject.kind, code: subject.subjectCode, maskedCode: subject.maskedCode },
    signedOn: dto.signedOn,
    ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
    acceptingUnit,
  };
  if (dto.matterCode === undefined) {
    return {
      ok: true,
      value: {
        subjectKey: subject.subjectKey,
        // Free text goes onto the topics for good: a clear ID number quoted in it is masked (domain.md §1).
        event: { ...base, type: dto.type!, matter: maskIdNumbersInText(dto.matter!.trim()), text: maskIdNumbersInText(dto.text!.trim()), public: dto.public! },
      },
    };
  }
  return { ok: true, value: { subjectKey: subject.subjectKey, event: { ...base, ...termsOfMatter(dto, options) } } };
}

/**
 * What a listed matter decides of a commitment signed under it (domain.md §6: the list names the
 * type, whether public, how fulfilment is verified, what a breach triggers; standard templates): the
 * text is the template filled in, and the subject does not edit its clauses.
 */
function termsOfMatter(dto: SignCommitmentDto, options: SignatureOptions): Omit<CommitmentSignedV2, 'commitmentId' | 'subject' | 'signedOn' | 'validUntil' | 'acceptingUnit'> {
  const matter = options.matter;
  if (!matter) {
    throw new DomainRuleError(
      `matter ${dto.matterCode} is not on the list of commitment matters (承诺事项清单) of ${dto.acceptingUnit.code}: ` +
        'the accepting unit registers it first (POST /api/v1/commitment-matters), then the commitment can be signed under it',
      { rule: 'matter-not-listed' },
    );
  }
  const differs = (field: 'type' | 'matter' | 'public', given: unknown, listed: unknown): void => {
    if (given !== undefined && given !== listed) {
      throw new DomainRuleError(`${field} ${JSON.stringify(given)} differs from the list: matter ${matter.code} v${matter.matterVersion} is ${JSON.stringify(listed)}; leave ${field} out`, {
        rule: 'commitment-terms-of-matter',
      });
    }
  };
  differs('type', dto.type, matter.type);
  differs('matter', dto.matter?.trim(), matter.name);
  differs('public', dto.public, matter.public);
  const text = fillTemplate(matter.template, {
    subjectName: maskIdNumbersInText(dto.subjectName?.trim() ?? ''),
    matterName: matter.name,
    date: dto.signedOn,
    acceptingUnitName: maskIdNumbersInText(dto.acceptingUnit.name.trim()),
  });
  if (text.length > MAX_TEXT_LENGTH) {
    throw new DomainRuleError(`the template of matter ${matter.code} filled in is ${text.length} characters, more than ${MAX_TEXT_LENGTH}: a shorter subjectName fits`, {
      rule: 'commitment-text-length',
    });
  }
  if (dto.text !== undefined && maskIdNumbersInText(dto.text.trim()) !== text) {
    throw new DomainRuleError(
      `the text of a commitment under matter ${matter.code} v${matter.matterVersion} is its template filled in; the subject may not edit its clauses. ` +
        'Leave text out (the platform fills it) or send it exactly as filled',
      { rule: 'commitment-text-from-template' },
    );
  }
  // domain.md §8: "within N working days of D" ends with the N-th working day after D, on the platform calendar.
  const deadline = options.calendar.deadline(dto.signedOn, matter.verification.workingDays);
  return {
    type: matter.type,
    matter: matter.name,
    text,
    public: matter.public,
    matterRef: { departmentCode: matter.departmentCode, code: matter.code, version: matter.matterVersion },
    verification: {
      workingDays: matter.verification.workingDays,
      evidenceRequired: matter.verification.evidenceRequired,
      dueOn: deadline.dueOn,
      provisional: deadline.provisional,
      calendar: deadline.calendar,
    },
    consequenceOnBreach: matter.consequenceOnBreach,
  };
}

export function checkFulfilment(dto: RecordFulfilmentDto, commitmentId: string, today: string): Checked<CommitmentFulfilmentRecordedV1> {
  const errors: ProblemField[] = [];
  checkDate(dto.decidedOn, 'decidedOn', today, errors);
  if (errors.length > 0) return { ok: false, errors };
  const evidence = dto.evidence?.map((e) => ({ item: maskIdNumbersInText(e.item.trim()), reference: maskIdNumbersInText(e.reference.trim()) }));
  return {
    ok: true,
    value: {
      commitmentId,
      outcome: dto.outcome,
      note: maskIdNumbersInText(dto.note.trim()),
      decidedOn: dto.decidedOn,
      // Only when given: a finding without evidence stays as it was published before evidence existed.
      ...(evidence !== undefined && evidence.length > 0 && { evidence }),
    },
  };
}

export function checkClosure(dto: CloseCommitmentDto, commitmentId: string, today: string): Checked<CommitmentClosedV1> {
  const errors: ProblemField[] = [];
  checkDate(dto.decidedOn, 'decidedOn', today, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { commitmentId, status: dto.status, reason: maskIdNumbersInText(dto.reason.trim()), decidedOn: dto.decidedOn } };
}

function checkDate(value: string, field: string, today: string, errors: ProblemField[]): void {
  if (!isIsoDate(value)) errors.push({ field, message: `${field} must be a real calendar date` });
  else if (value > today) errors.push({ field, message: `${field} must not be in the future (today is ${today}, Asia/Shanghai)` });
}
