/**
 * The checks a penalty record must pass beyond its shape, in one place (domain.md §1–§3): subject
 * codes by kind (GB 32100 / GB 11643), authority and source-unit USCCs, real dates, a decision not
 * in the future, a fine amount for a fine category, then timeliness and the publicity window. Pure:
 * returns field errors instead of throwing, so that single and batch intake can share it.
 */
import {
  isValidOrganizationCode,
  maskIdNumber,
  maskIdNumbersInText,
  normalizeCode,
  parseIsoDate,
  todayInShanghai,
  USCC_PLACEHOLDER,
  validateCitizenId,
  type WorkingDayCalendar,
} from '@credit/domain-kernel';
import type { IdentityDocumentType, PenaltySubject, PenaltyUnit } from '@credit/contracts';
import { isRegistrationNumber, type SubjectIdentity } from '@credit/credit-rules';
import { publicityWindow } from '@credit/credit-rules';
import { timelinessOf } from '../records/timeliness.rules';
import type { PenaltyRecord } from './penalty.decider';
import type { PenaltySubjectDto } from '../records/party.dto';
import type { RecordPenaltyDto } from './penalty.dto';

export interface FieldError {
  field: string;
  message: string;
}

export interface PenaltySettings {
  /** The subject-code rules (credit-rules), with the platform's pilot codes (USCC_ALLOW_LIST). */
  subjectIdentity: SubjectIdentity;
  calendar: WorkingDayCalendar;
}

export type CheckedPenalty =
  | { ok: true; subjectKey: string; record: PenaltyRecord; personal: PersonalNumbers }
  | { ok: false; errors: FieldError[] };

/**
 * Clear personal document numbers a record came with, kept out of the record (events, read models,
 * answers carry them masked): only for a hand-off to the PII vault.
 */
export interface PersonalNumbers {
  legalRepresentativeDocumentNumber?: string;
}

/** Categories that suspend or revoke a certificate: the record must name it (暂扣或吊销证照名称及编号). */
export const CERTIFICATE_CATEGORIES = ['暂扣许可证件', '吊销许可证件'] as const;

/** The parties block every 双公示 record carries (penalties, licences): subject, authority, source unit. */
export interface PartiesInput {
  subject: Pick<PenaltySubjectDto, 'kind' | 'code' | 'name'> & Partial<PenaltySubjectDto>;
  authority: { name: string; code: string };
  sourceUnit: { name: string; code: string };
}

export interface CheckedParties {
  subjectKey: string;
  subject: PenaltySubject;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
  personal: PersonalNumbers;
}

const TAX_NUMBER = /^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$/;
/** Passport and other documents: letters, digits and hyphens (checked by shape only). */
const DOCUMENT_NUMBER_SHAPE: Record<Exclude<IdentityDocumentType, 'ID_CARD'>, RegExp> = {
  PASSPORT: /^[A-Z0-9]{5,20}$/,
  OTHER: /^[A-Z0-9][A-Z0-9-]{2,31}$/,
};

/**
 * Subject block (domain.md §1–§2: code by kind, the individual-business placeholder with its registration
 * number, legacy codes, the legal representative's document) and the authority's and source unit's USCCs,
 * shared by every record type so that they validate alike. Errors are pushed to `errors`; the normalised
 * parties are returned when there were none for them. Clear document numbers stay out of `subject`.
 */
export function checkParties(dto: PartiesInput, settings: PenaltySettings, errors: FieldError[]): CheckedParties | null {
  const before = errors.length;
  const subject = dto.subject;
  const isPerson = subject.kind === 'NATURAL_PERSON';
  const rawCode = normalizeCode(subject.code);
  const documentType = subject.documentType ?? 'ID_CARD';
  let key: { subjectKey: string; code: string | null; maskedCode: string } | null = null;

  const registrationNumber = subject.registrationNumber === undefined ? undefined : normalizeCode(subject.registrationNumber);
  if (registrationNumber !== undefined && !isRegistrationNumber(registrationNumber)) {
    errors.push({ field: 'subject.registrationNumber', message: 'subject.registrationNumber must be a business registration number (工商注册号) of 15 digits' });
  }
  if (subject.documentType !== undefined && !isPerson) {
    errors.push({ field: 'subject.documentType', message: 'subject.documentType applies to natural persons only; organisations are identified by their USCC' });
  }

  if (rawCode === USCC_PLACEHOLDER && subject.kind === 'INDIVIDUAL_BUSINESS') {
    // The feed standard's placeholder (domain.md §1): the registration number becomes the key, as in the registry.
    if (registrationNumber === undefined) {
      errors.push({
        field: 'subject.registrationNumber',
        message: `subject.registrationNumber is required when subject.code is the placeholder ${USCC_PLACEHOLDER} of an individual business without a code`,
      });
    } else {
      const subjectKey = settings.subjectIdentity.individualBusinessKey(registrationNumber);
      if (subjectKey !== null) key = { subjectKey, code: USCC_PLACEHOLDER, maskedCode: USCC_PLACEHOLDER };
    }
  } else if (rawCode === USCC_PLACEHOLDER) {
    errors.push({
      field: 'subject.code',
      message: `subject.code ${USCC_PLACEHOLDER} is the placeholder for an individual business without a code; it is allowed only with kind INDIVIDUAL_BUSINESS`,
    });
  } else if (isPerson && documentType !== 'ID_CARD') {
    // Passports and other documents: checked by shape, keyed like an ID number (keyed HMAC, never in clear).
    if (!DOCUMENT_NUMBER_SHAPE[documentType].test(rawCode)) {
      errors.push({ field: 'subject.code', message: `subject.code is not a well-formed ${documentType} number (letters, digits, hyphens)` });
    } else {
      key = { subjectKey: settings.subjectIdentity.documentKey(documentType, rawCode), code: null, maskedCode: maskIdNumber(rawCode) };
    }
  } else {
    // A USCC for organisations and individual businesses, a citizen ID for natural persons.
    const codeCheck = settings.subjectIdentity.validate(subject.kind, rawCode);
    if (!codeCheck.valid) {
      const standard = isPerson ? 'a valid citizen ID number (GB 11643)' : 'a valid unified social credit code (GB 32100)';
      // Reasons only: the message must not echo a citizen ID number.
      errors.push({ field: 'subject.code', message: `subject.code is not ${standard}: ${codeCheck.errors.map((e) => e.message).join('; ')}` });
    } else {
      key = {
        subjectKey: settings.subjectIdentity.keyFor(subject.kind, codeCheck.normalized),
        code: isPerson ? null : codeCheck.normalized,
        maskedCode: isPerson ? maskIdNumber(codeCheck.normalized) : codeCheck.normalized,
      };
    }
  }

  const organizationCode = subject.organizationCode === undefined ? undefined : normalizeCode(subject.organizationCode).replace(/-(?=[0-9X]$)/, '');
  if (organizationCode !== undefined && !isValidOrganizationCode(organizationCode)) {
    errors.push({ field: 'subject.organizationCode', message: 'subject.organizationCode is not an organisation code (组织机构代码) with a valid GB 11714 check character' });
  }
  const taxNumber = subject.taxNumber === undefined ? undefined : normalizeCode(subject.taxNumber);
  if (taxNumber !== undefined && !TAX_NUMBER.test(taxNumber)) {
    errors.push({ field: 'subject.taxNumber', message: 'subject.taxNumber must be a tax registration number (税务登记号) of 15, 18 or 20 letters and digits' });
  }

  const document = subject.legalRepresentativeDocument;
  let legalRepresentativeDocument: PenaltySubject['legalRepresentativeDocument'];
  let clearDocumentNumber: string | undefined;
  if (document !== undefined) {
    const number = normalizeCode(document.number);
    const valid = document.type === 'ID_CARD' ? validateCitizenId(number).valid : DOCUMENT_NUMBER_SHAPE[document.type].test(number);
    if (!valid) {
      // The message never repeats the number.
      const rule = document.type === 'ID_CARD' ? 'a valid citizen ID number (GB 11643)' : `a well-formed ${document.type} number (letters, digits, hyphens)`;
      errors.push({ field: 'subject.legalRepresentativeDocument.number', message: `subject.legalRepresentativeDocument.number is not ${rule}` });
    } else {
      clearDocumentNumber = number;
      legalRepresentativeDocument = { type: document.type, maskedNumber: maskIdNumber(number) };
    }
  }

  for (const field of ['authority', 'sourceUnit'] as const) {
    const unit = settings.subjectIdentity.validateUscc(dto[field].code);
    if (!unit.valid) {
      errors.push({ field: `${field}.code`, message: `${field}.code is not a valid unified social credit code (GB 32100): ${unit.errors.map((e) => e.message).join('; ')}` });
    }
  }
  if (errors.length > before || key === null) return null;
  return {
    subjectKey: key.subjectKey,
    subject: {
      kind: subject.kind,
      code: key.code,
      maskedCode: key.maskedCode,
      name: text(subject.name),
      ...(subject.legalRepresentative !== undefined && { legalRepresentative: text(subject.legalRepresentative) }),
      ...(isPerson && subject.documentType !== undefined && { documentType: subject.documentType }),
      ...(registrationNumber !== undefined && { registrationNumber }),
      ...(organizationCode !== undefined && { organizationCode }),
      // An individual's tax number may be built on the owner's ID number: that part is masked.
      ...(taxNumber !== undefined && { taxNumber: maskIdNumbersInText(taxNumber) }),
      ...(subject.institutionCertificateNumber !== undefined && { institutionCertificateNumber: text(subject.institutionCertificateNumber) }),
      ...(subject.socialOrganizationNumber !== undefined && { socialOrganizationNumber: text(subject.socialOrganizationNumber) }),
      ...(legalRepresentativeDocument !== undefined && { legalRepresentativeDocument }),
    },
    authority: { name: text(dto.authority.name), code: dto.authority.code.trim().toUpperCase() },
    sourceUnit: { name: text(dto.sourceUnit.name), code: dto.sourceUnit.code.trim().toUpperCase() },
    personal: clearDocumentNumber === undefined ? {} : { legalRepresentativeDocumentNumber: clearDocumentNumber },
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
  // 暂扣 / 吊销许可证件 name the certificate (暂扣或吊销证照名称及编号, domain.md §2).
  const certificateCategory = CERTIFICATE_CATEGORIES.find((c) => dto.categories.includes(c));
  if (certificateCategory !== undefined && dto.suspendedCertificate === undefined) {
    errors.push({ field: 'suspendedCertificate', message: `suspendedCertificate (name and number) is required when categories include ${certificateCategory}` });
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
    ...(dto.suspendedCertificate !== undefined && {
      suspendedCertificate: { name: text(dto.suspendedCertificate.name), number: text(dto.suspendedCertificate.number) },
    }),
    ...(dto.remarks !== undefined && { remarks: text(dto.remarks) }),
    ...matterOf(dto),
    authority: parties.authority,
    sourceUnit: parties.sourceUnit,
    ...timelinessOf(dto.decidedOn, now, settings.calendar),
  };
  // One branch per publicity status, so that the type checker pairs each window with its event shape.
  const record: PenaltyRecord =
    window.status === 'PUBLISHED'
      ? { ...common, publicity: window }
      : { ...common, publicity: window };
  return { ok: true, subjectKey: parties.subjectKey, record, personal: parties.personal };
}

/**
 * The matter a record names, as given: the code is resolved against the source unit's catalog (and
 * its version and name recorded) when the record is appended, see `catalog/record-matter.ts`.
 */
export function matterOf(dto: { matterCode?: string; matterName?: string }): { matterCode?: string; matterName?: string } {
  return {
    ...(dto.matterCode !== undefined && { matterCode: dto.matterCode.trim() }),
    ...(dto.matterName !== undefined && { matterName: text(dto.matterName) }),
  };
}

/** Trimmed, and any citizen-ID-shaped run masked: feed free text must not carry a clear number onto the topic. */
export function text(value: string): string {
  return maskIdNumbersInText(value.trim());
}

/** `"5000"` → `"5000.00"`: the contract's money form. */
export function money(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
}
