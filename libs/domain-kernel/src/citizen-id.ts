/**
 * Citizen ID number (公民身份号码), GB 11643-1999: 18 characters.
 *
 *   positions 1–6    address code (地址码)
 *   positions 7–14   birth date YYYYMMDD (出生日期码)
 *   positions 15–17  sequence code (顺序码)
 *   position 18      check character (校验码), ISO 7064 MOD 11-2
 *
 * Messages never repeat the number or any part of it: they end up in problem+json bodies and logs.
 */
import { CITIZEN_ID_LENGTH, CITIZEN_ID_SHAPE } from '@credit/contracts';
import { calendarDateParts, formatIsoDate } from './calendar/iso-date';
import { todayInShanghai } from './calendar/shanghai-time';
import { characterLength, CodeError, CodeValidation, normalizeCode } from './code-validation';

export type CitizenIdReason = 'length' | 'charset' | 'birth-date' | 'check-digit';

export type CitizenIdValidation = CodeValidation<CitizenIdReason>;

export interface CitizenIdValidationOptions {
  /** Reference instant for "birth date not in the future" (Shanghai date); defaults to now. */
  readonly now?: Date;
}

/** Defined with the number's text patterns in the contracts (citizen-id-pattern.ts), the one definition. */
export { CITIZEN_ID_LENGTH };

const CANONICAL_SHAPE = new RegExp(`^${CITIZEN_ID_SHAPE}$`);
/** Positions 1–17, from which the check character is computed. */
const FIRST_17 = new RegExp(`^\\d{${CITIZEN_ID_LENGTH - 1}}$`);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
/** Nobody holding an 18-digit number (issued from 1999) was born before 1900. */
const EARLIEST_BIRTH_YEAR = 1900;

/** Check character (position 18) from the first 17 digits. */
export function computeCitizenIdCheckCharacter(first17: string): string {
  if (!FIRST_17.test(first17)) throw new RangeError(`a citizen ID check needs exactly ${CITIZEN_ID_LENGTH - 1} digits`);
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

export function validateCitizenId(raw: string, options: CitizenIdValidationOptions = {}): CitizenIdValidation {
  const code = normalizeCode(raw);
  const length = characterLength(code);
  if (length !== CITIZEN_ID_LENGTH) {
    return invalid(code, 'length', `a citizen ID number (公民身份号码) has ${CITIZEN_ID_LENGTH} characters, got ${length}`);
  }
  if (!CANONICAL_SHAPE.test(code)) {
    return invalid(code, 'charset', 'a citizen ID number is 17 digits followed by a digit or X');
  }

  const errors: CodeError<CitizenIdReason>[] = [];
  const birthDateProblem = checkBirthDate(code.slice(6, 14), options.now ?? new Date());
  if (birthDateProblem) errors.push({ reason: 'birth-date', message: birthDateProblem });
  if (computeCitizenIdCheckCharacter(code.slice(0, 17)) !== code[17]) {
    errors.push({ reason: 'check-digit', message: 'the check character (校验码, position 18) does not match positions 1–17' });
  }
  return { valid: errors.length === 0, normalized: code, errors };
}

export function isValidCitizenId(raw: string, options: CitizenIdValidationOptions = {}): boolean {
  return validateCitizenId(raw, options).valid;
}

function checkBirthDate(yyyymmdd: string, now: Date): string | undefined {
  const birth = calendarDateParts(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)));
  if (!birth) return 'positions 7–14 are not a real birth date (出生日期)';
  if (birth.year < EARLIEST_BIRTH_YEAR) return `the birth date (positions 7–14) is before ${EARLIEST_BIRTH_YEAR}`;
  // YYYY-MM-DD strings order like the dates they name.
  if (formatIsoDate(birth) > todayInShanghai(now)) {
    return 'the birth date (positions 7–14) is in the future';
  }
  return undefined;
}

function invalid(code: string, reason: CitizenIdReason, message: string): CitizenIdValidation {
  return { valid: false, normalized: code, errors: [{ reason, message }] };
}

