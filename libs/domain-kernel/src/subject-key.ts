/**
 * Subject key: the Kafka key of `credit.subject-events` and the `subjectKey` of every event about a
 * subject. Organisations and individual businesses are keyed by their USCC, which is public. A
 * natural person is keyed by a keyed HMAC of the ID number, so that events, topics and read models
 * never carry the clear number (architecture: "Personal data"), while the key stays stable for as
 * long as the secret does.
 */
import { createHmac } from 'node:crypto';
import { CitizenIdValidation, CitizenIdValidationOptions, validateCitizenId } from './citizen-id';
import { CodeError } from './code-validation';
import { SubjectKind } from './subject-kind';
import { UsccValidation, UsccValidationOptions, validateUscc } from './uscc';

export const NATURAL_PERSON_KEY_PREFIX = 'NP-';

/** Shorter secrets could be guessed, and the ID number space is small enough to enumerate. */
export const MIN_SUBJECT_KEY_SECRET_BYTES = 16;

export type SubjectCodeValidationOptions = UsccValidationOptions & CitizenIdValidationOptions;

export type SubjectCodeValidation = UsccValidation | CitizenIdValidation;

export class InvalidSubjectCodeError extends Error {
  override readonly name = 'InvalidSubjectCodeError';

  constructor(
    readonly kind: SubjectKind,
    readonly errors: readonly CodeError<string>[],
  ) {
    // Reasons only: the message must not leak a citizen ID number into logs.
    super(`invalid ${kind} subject code: ${errors.map((issue) => issue.reason).join(', ')}`);
  }
}

/** Natural persons are identified by a citizen ID number, every other kind by a USCC. */
export function validateSubjectCode(
  kind: SubjectKind,
  code: string,
  options: SubjectCodeValidationOptions = {},
): SubjectCodeValidation {
  return kind === SubjectKind.NATURAL_PERSON ? validateCitizenId(code, options) : validateUscc(code, options);
}

/**
 * The subject key of a subject with a valid code. Throws {@link InvalidSubjectCodeError} otherwise:
 * keying the USCC placeholder or a mistyped code would merge unrelated subjects' histories.
 */
export function subjectKeyFor(
  kind: SubjectKind,
  code: string,
  secret: string | Uint8Array,
  options: SubjectCodeValidationOptions = {},
): string {
  const validation = validateSubjectCode(kind, code, options);
  if (!validation.valid) throw new InvalidSubjectCodeError(kind, validation.errors);
  if (kind !== SubjectKind.NATURAL_PERSON) return validation.normalized;

  return naturalPersonKey(validation.normalized, secret);
}

/**
 * The subject key of a natural person identified by another document than the citizen ID card (a
 * passport, ...): the keyed HMAC of `<document type>:<number>`, so that it can never equal the key
 * of an ID number. The number is taken as given (checked and normalised by the caller).
 */
export function naturalPersonDocumentKey(documentType: string, number: string, secret: string | Uint8Array): string {
  return naturalPersonKey(`${documentType}:${number}`, secret);
}

function naturalPersonKey(material: string, secret: string | Uint8Array): string {
  const mac = createHmac('sha256', assertSubjectKeySecret(secret)).update(material, 'utf8').digest('base64url');
  return NATURAL_PERSON_KEY_PREFIX + mac;
}

/**
 * Checks the secret (call it when loading configuration, so that a bad secret stops the service at
 * start-up rather than at its first natural person) and returns its bytes.
 */
export function assertSubjectKeySecret(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (bytes.length < MIN_SUBJECT_KEY_SECRET_BYTES) {
    throw new RangeError(`the subject key secret must be at least ${MIN_SUBJECT_KEY_SECRET_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}

export function isNaturalPersonKey(subjectKey: string): boolean {
  return subjectKey.startsWith(NATURAL_PERSON_KEY_PREFIX);
}
