/**
 * The checks a penalty record must pass beyond its shape, in one place (domain.md §1–§3): subject
 * codes by kind (GB 32100 / GB 11643), authority and source-unit USCCs, real dates, a decision not
 * in the future, a fine amount for a fine category, then timeliness and the publicity window. Pure:
 * returns field errors instead of throwing, so that single and batch intake can share it.
 */
import {
  maskIdNumber,
  maskIdNumbersInText,
  parseIsoDate,
  subjectKeyFor,
  todayInShanghai,
  validateSubjectCode,
  validateUscc,
  type WorkingDayCalendar,
} from '@credit/domain-kernel';
import type { PenaltySubject, PenaltyUnit } from '@credit/contracts';
import { publicityWindow } from '../publicity/publicity-rules';
import type { PenaltyRecord } from './penalty.decider';
import type { PenaltySubjectDto } from '../records/party.dto';
import type { RecordPenaltyDto } from './penalty.dto';

export interface FieldError {
  field: string;
  message: string;
}

export interface PenaltySettings {
  subjectKeySecret: string;
  /** Early pilot codes that are legal but fail the mod-31 check (domain.md §1): accepted only when listed. */
  usccAllowList: ReadonlySet<string>;
  calendar: WorkingDayCalendar;
}

export type CheckedPenalty =
  | { ok: true; subjectKey: string; record: PenaltyRecord }
  | { ok: false; errors: FieldError[] };

/** Collection within 7 working days of the decision date is "timely" (domain.md §2, seeds 000–002). */
export const TIMELY_WITHIN_WORKING_DAYS = 7;

/**
 * No run of non-working days in the national calendar comes near this: a decision older than this
 * many calendar days is late whatever its year's holidays were, so the (possibly missing) calendar
 * data of an old year is not needed to judge it.
 */
const CERTAINLY_LATE_AFTER_DAYS = 60;

/** The parties block every 双公示 record carries (penalties, licences): subject, authority, source unit. */
export interface PartiesInput {
  subject: { kind: PenaltySubjectDto['kind']; code: string; name: string; legalRepresentative?: string };
  authority: { name: string; code: string };
  sourceUnit: { name: string; code: string };
}

export interface CheckedParties {
  subjectKey: string;
  subject: PenaltySubject;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
}

/**
 * Subject code by kind (GB 32100 / GB 11643) and the authority's and source unit's USCCs (domain.md §1),
 * shared by every record type so that they validate alike. Errors are pushed to `errors`; the normalised
 * parties are returned when there were none for them.
 */
export function checkParties(dto: PartiesInput, settings: PenaltySettings, errors: FieldError[]): CheckedParties | null {
  const before = errors.length;
  // Subject: a USCC for organisations and individual businesses, a citizen ID for natural persons.
  const rawCode = dto.subject.code.trim().toUpperCase();
  const codeCheck = validateSubjectCode(dto.subject.kind, rawCode, { allowList: settings.usccAllowList });
  if (!codeCheck.valid) {
    const standard = dto.subject.kind === 'NATURAL_PERSON' ? 'a valid citizen ID number (GB 11643)' : 'a valid unified social credit code (GB 32100)';
    // Reasons only: the message must not echo a citizen ID number.
    errors.push({ field: 'subject.code', message: `subject.code is not ${standard}: ${codeCheck.errors.map((e) => e.message).join('; ')}` });
  }
  for (const field of ['authority', 'sourceUnit'] as const) {
    const unit = validateUscc(dto[field].code, { allowList: settings.usccAllowList });
    if (!unit.valid) {
      errors.push({ field: `${field}.code`, message: `${field}.code is not a valid unified social credit code (GB 32100): ${unit.errors.map((e) => e.message).join('; ')}` });
    }
  }
  if (errors.length > before) return null;
  const subject = dto.subject;
  const isPerson = subject.kind === 'NATURAL_PERSON';
  return {
    subjectKey: subjectKeyFor(subject.kind, codeCheck.normalized, settings.subjectKeySecret, { allowList: settings.usccAllowList }),
    subject: {
      kind: subject.kind,
      code: isPerson ? null : codeCheck.normalized,
      maskedCode: isPerson ? maskIdNumber(codeCheck.normalized) : codeCheck.normalized,
      name: text(subject.name),
      ...(subject.legalRepresentative !== undefined && { legalRepresentative: text(subject.legalRepresentative) }),
    },
    authority: { name: text(dto.authority.name), code: dto.authority.code.trim().toUpperCase() },
    sourceUnit: { name: text(dto.sourceUnit.name), code: dto.sourceUnit.code.trim().toUpperCase() },
  };
}

/** A decision date must be a real date, not in the future (Asia/Shanghai). */
export function checkDecidedOn(decidedOn: string, today: string, errors: FieldError[], field = 'decidedOn'): void {
  if (parseIsoDate(decidedOn) === null) {
    errors.push({ field, message: `${field} must be a real calendar date (YYYY-MM-DD)` });
  } else if (decidedOn > today) {
    errors.push({ field, message: `${field} ${decidedOn} is in the future (today is ${today} in Asia/Shanghai)` });
  }
}

/** An optional end date must be a real date, not before `start` (when that one is real). */
export function checkEndDate(field: string, value: string | undefined, startField: string, start: string, errors: FieldError[]): void {
  if (value === undefined) return;
  if (parseIsoDate(value) === null) {
    errors.push({ field, message: `${field} must be a real calendar date (YYYY-MM-DD)` });
  } else if (parseIsoDate(start) !== null && value < start) {
    errors.push({ field, message: `${field} must not be before ${startField}` });
  }
}

export function checkPenalty(dto: RecordPenaltyDto, settings: PenaltySettings, penaltyId: string, now: Date): CheckedPenalty {
  const errors: FieldError[] = [];
  const today = todayInShanghai(now);

  const parties = checkParties(dto, settings, errors);
  checkDecidedOn(dto.decidedOn, today, errors);
  checkEndDate('validUntil', dto.validUntil, 'decidedOn', dto.decidedOn, errors);

  if (new Set(dto.categories).size !== dto.categories.length) {
    errors.push({ field: 'categories', message: 'categories must not repeat a category' });
  }
  // 罚款 needs its amount (domain.md §2: "A fine category requires a fine amount").
  if (dto.categories.includes('罚款') && dto.fineAmount === undefined) {
    errors.push({ field: 'fineAmount', message: 'fineAmount is required when categories include 罚款' });
  }

  if (errors.length > 0 || parties === null) return { ok: false, errors };

  const procedure = dto.procedure ?? 'ORDINARY';
  const window = publicityWindow({
    decidedOn: dto.decidedOn,
    severity: dto.severity,
    categories: dto.categories,
    procedure,
    specialSector: dto.specialSector,
    disclosure: dto.disclosure && { public: dto.disclosure.public, reason: dto.disclosure.reason && text(dto.disclosure.reason) },
  });

  const common = {
    penaltyId,
    decisionNumber: text(dto.decisionNumber),
    subject: parties.subject,
    violationType: text(dto.violationType),
    violationFacts: text(dto.violationFacts),
    basis: text(dto.basis),
    categories: [...dto.categories],
    content: text(dto.content),
    ...(dto.fineAmount !== undefined && { fineAmount: money(dto.fineAmount) }),
    ...(dto.confiscatedAmount !== undefined && { confiscatedAmount: money(dto.confiscatedAmount) }),
    decidedOn: dto.decidedOn,
    ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
    severity: dto.severity,
    procedure,
    ...(dto.specialSector !== undefined && { specialSector: dto.specialSector }),
    authority: parties.authority,
    sourceUnit: parties.sourceUnit,
    timely: isTimely(dto.decidedOn, now, settings.calendar),
  };
  // One branch per publicity status, so that the type checker pairs each window with its event shape.
  const record: PenaltyRecord =
    window.status === 'PUBLISHED'
      ? { ...common, publicity: window }
      : { ...common, publicity: window };
  return { ok: true, subjectKey: parties.subjectKey, record };
}

/**
 * Whether a record collected at `now` is within 7 working days of its decision date: compared with
 * the end of the 7th working day (Shanghai), not by counting days, so a weekend after the deadline
 * is late although it adds no working day.
 */
export function isTimely(decidedOn: string, now: Date, calendar: WorkingDayCalendar): boolean {
  const elapsedDays = (Date.parse(`${todayInShanghai(now)}T00:00:00Z`) - Date.parse(`${decidedOn}T00:00:00Z`)) / 86_400_000;
  if (elapsedDays > CERTAINLY_LATE_AFTER_DAYS) return false;
  return now.getTime() <= Date.parse(calendar.deadlineOf(decidedOn, TIMELY_WITHIN_WORKING_DAYS));
}

/** Trimmed, and any citizen-ID-shaped run masked: feed free text must not carry a clear number onto the topic. */
export function text(value: string): string {
  return maskIdNumbersInText(value.trim());
}

/** `"5000"` → `"5000.00"`: the contract's money form. */
function money(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
}
