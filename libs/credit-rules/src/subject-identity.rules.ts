/**
 * Subject identity (信用主体标识), once: who a subject code names and under which subject key its
 * events go. Every service resolves codes here, with the same pilot-code allow-list, so that a code
 * accepted at intake is the same subject at repair, in the credit check and on the website.
 *
 *   natural person (自然人)            keyed HMAC of the citizen ID number (or of `<type>:<number>`
 *                                       of another identity document); the clear number is never kept
 *   legal person / other organisation  the USCC as is (GB 32100)
 *   individual business (个体工商户)    its USCC (category 92), or `IB-<registration number>` when it
 *                                       has none and is recorded under the placeholder
 *                                       `00000000000000000X` with its 15-digit 工商注册号
 *
 * Pure: the checks and the HMAC are domain-kernel's (GB 32100, GB 11643, subject-key.ts); what this
 * module adds is the rule of which applies, the allow-list's one parser and the individual-business key.
 */
import {
  naturalPersonDocumentKey,
  normalizeCode,
  resolveSubjectCode,
  subjectKeyFor,
  SUBJECT_KINDS,
  SubjectKind,
  USCC_ALPHABET,
  USCC_LENGTH,
  validateSubjectCode,
  validateUscc,
  type ResolvedSubjectCode,
  type SubjectCodeValidation,
  type UsccValidation,
} from '@credit/domain-kernel';

export { SUBJECT_KINDS, SubjectKind, type ResolvedSubjectCode };

/** Prefix of the key of an individual business without a USCC. */
export const INDIVIDUAL_BUSINESS_KEY_PREFIX = 'IB-';

/** 工商注册号: the business registration number of the time before the USCC, 15 digits. */
export const REGISTRATION_NUMBER_LENGTH = 15;

const REGISTRATION_NUMBER = new RegExp(`^\\d{${REGISTRATION_NUMBER_LENGTH}}$`);
const INDIVIDUAL_BUSINESS_KEY = new RegExp(`^${INDIVIDUAL_BUSINESS_KEY_PREFIX}\\d{${REGISTRATION_NUMBER_LENGTH}}$`);
const USCC_CHARACTER = new Set(USCC_ALPHABET);

/** A business registration number (工商注册号): 15 digits, after trimming. */
export function isRegistrationNumber(value: string): boolean {
  return REGISTRATION_NUMBER.test(value.trim());
}

/**
 * `IB-<number>` for a 15-digit registration number (trimmed); null for any other value: an older
 * or malformed number names no subject.
 */
export function individualBusinessKey(registrationNumber: string): string | null {
  const value = registrationNumber.trim();
  return REGISTRATION_NUMBER.test(value) ? `${INDIVIDUAL_BUSINESS_KEY_PREFIX}${value}` : null;
}

/** Whether a subject key (or a code given in its place) is `IB-<15-digit registration number>`. */
export function isIndividualBusinessKey(subjectKey: string): boolean {
  return INDIVIDUAL_BUSINESS_KEY.test(subjectKey);
}

/** A USCC of category 92 (个体工商户, GB 32100 positions 1–2), shaped as a code; check characters not verified. */
export function isIndividualBusinessCode(code: string): boolean {
  return code.length === USCC_LENGTH && code.startsWith('92') && Array.from(code).every((c) => USCC_CHARACTER.has(c));
}

/** A `USCC_ALLOW_LIST` entry that is not shaped like a USCC: a deployment error, named by its entry. */
export class UsccAllowListError extends RangeError {
  override readonly name = 'UsccAllowListError';

  constructor(readonly entry: string, reason: string) {
    super(`USCC_ALLOW_LIST entry '${entry}' is not a unified social credit code: ${reason}`);
  }
}

/**
 * The one reading of `USCC_ALLOW_LIST`: early pilot codes (Fujian) that are legal although the
 * GB 32100 mod-31 check rejects them. Entries are separated by commas and/or white space, trimmed
 * and upper-cased; each must be 18 characters of the code alphabet (0–9, A–Z without I, O, S, V, Z),
 * else {@link UsccAllowListError} names it. Unset or blank: no pilot codes.
 */
export function parseUsccAllowList(raw: string | undefined | null): ReadonlySet<string> {
  const list = new Set<string>();
  for (const item of (raw ?? '').split(/[\s,]+/)) {
    if (item === '') continue;
    const entry = normalizeCode(item);
    const length = Array.from(entry).length;
    if (length !== USCC_LENGTH) throw new UsccAllowListError(entry, `it has ${length} characters, a code has ${USCC_LENGTH}`);
    const outside = Array.from(entry).flatMap((c, i) => (USCC_CHARACTER.has(c) ? [] : [`'${c}' at position ${i + 1}`]));
    if (outside.length > 0) {
      throw new UsccAllowListError(entry, `${outside.join(', ')} outside the code alphabet (0–9, A–Z without I, O, S, V, Z)`);
    }
    list.add(entry);
  }
  return list;
}

export interface SubjectIdentitySettings {
  /** Key of the natural persons' HMAC (SUBJECT_KEY_SECRET): the same in every service. */
  readonly secret: string | Uint8Array;
  /** Pilot codes accepted despite a wrong check character ({@link parseUsccAllowList}). */
  readonly allowList?: ReadonlySet<string>;
}

/** The subject-code rules of one deployment: its HMAC secret and its pilot codes. */
export interface SubjectIdentity {
  /** The pilot codes this deployment accepts. */
  readonly allowList: ReadonlySet<string>;
  /**
   * A code as a request gives it (USCC or citizen ID number, any case, surrounding spaces): its
   * subject key, kind and what may be shown; or why it names no subject (never echoing an ID number).
   */
  resolve(code: string): ResolvedSubjectCode;
  /** The code of a subject of a declared kind checked against that kind's standard (reasons, never the number). */
  validate(kind: SubjectKind, code: string): SubjectCodeValidation;
  /** The subject key of a subject of a declared kind; throws `InvalidSubjectCodeError` on an invalid code. */
  keyFor(kind: SubjectKind, code: string): string;
  /** A unit's (authority, source unit, linkage unit) USCC checked, pilot codes allowed. */
  validateUscc(code: string): UsccValidation;
  /** The key of a natural person identified by another document than the ID card (passport, ...). */
  documentKey(documentType: string, number: string): string;
  /** `IB-<number>` of an individual business without a USCC, or null for anything but 15 digits. */
  individualBusinessKey(registrationNumber: string): string | null;
}

/** The subject-identity rules for a deployment's secret and allow-list: what every service resolves codes with. */
export function subjectIdentity(settings: SubjectIdentitySettings): SubjectIdentity {
  const { secret } = settings;
  const allowList: ReadonlySet<string> = settings.allowList ?? new Set<string>();
  const options = { allowList };
  return {
    allowList,
    resolve: (code) => resolveSubjectCode(code, secret, options),
    validate: (kind, code) => validateSubjectCode(kind, code, options),
    keyFor: (kind, code) => subjectKeyFor(kind, code, secret, options),
    validateUscc: (code) => validateUscc(code, options),
    documentKey: (documentType, number) => naturalPersonDocumentKey(documentType, normalizeCode(number), secret),
    individualBusinessKey,
  };
}
