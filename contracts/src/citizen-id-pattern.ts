/**
 * The citizen ID number (居民身份证号码, GB 11643-1999) as text patterns. This is the one
 * definition: the event contracts refuse a clear number in text with it, the domain kernel masks
 * free text and checks the shape of a number with it, and the REST edge refuses a clear number in
 * fields that are published as given. It lives here, in the lowest layer, because the contracts
 * depend on nothing and everything else may depend on the contracts.
 *
 * A number is 18 characters: positions 1–6 the address code, 7–14 the birth date YYYYMMDD, 15–17
 * the sequence code, 18 the check character (a digit or X).
 *
 * People do not always write a number as 18 plain ASCII characters. Typed with a Chinese input
 * method it comes out in full-width digits (`１１０１０１…`), copied from a form it is grouped
 * (`110101 19900307 7715`, `110101-1990-0307-7715`), and pasted text carries invisible characters
 * between the digits. The patterns below read all of those as the number they show. Every pattern
 * is written for JavaScript regular expressions with the `u` flag, which is how ajv compiles the
 * `pattern` keyword.
 */

export const CITIZEN_ID_LENGTH = 18;

/** The masked form keeps the first 6 (address code) and the last 4 characters (domain rule). */
export const MASKED_ID_KEPT_PREFIX = 6;
export const MASKED_ID_KEPT_SUFFIX = 4;
export const MASK_CHARACTER = '*';

/** A number in its canonical form: 17 ASCII digits and a digit or upper-case X. */
export const CITIZEN_ID_SHAPE = `\\d{${CITIZEN_ID_LENGTH - 1}}[\\dX]`;

/** The masked form of a citizen ID number: first 6 and last 4 characters kept (`450102********1238`). */
export const MASKED_CITIZEN_ID_NUMBER =
  `^\\d{${MASKED_ID_KEPT_PREFIX}}\\*{${CITIZEN_ID_LENGTH - MASKED_ID_KEPT_PREFIX - MASKED_ID_KEPT_SUFFIX}}` +
  `\\d{${MASKED_ID_KEPT_SUFFIX - 1}}[\\dX]$`;

/** Full-width digits (０–９) and check letters (Ｘ, ｘ): what a Chinese input method in full-width mode types. */
const FULL_WIDTH_ZERO = 0xff10;
const CHECK_LETTERS = 'Xx\\uFF38\\uFF58';

/**
 * Visible characters written between the digits of a number: white space (every kind but the
 * BOM, which is an invisible format character below), hyphens and dashes (\p{Pd}, and the minus
 * sign), dots and middle dots, slashes and underscores, in their ASCII and full-width forms.
 * Commas, semicolons and the enumeration comma (、) are not: they separate the items of a list,
 * and reading `第12、13、14…条` as one number would mask ordinary text.
 */
const VISIBLE_SEPARATOR = '(?:[^\\S\\uFEFF]|[\\p{Pd}\\u2212.\\u00B7\\u2027\\u30FB\\uFF0E\\uFF65/\\uFF0F_\\uFF3F])';

/** Invisible format characters (\p{Cf}: zero-width space and joiners, BOM, soft hyphen, bidi controls). */
const INVISIBLE = '\\p{Cf}';

/**
 * What may stand between two characters of one written number: any number of invisible
 * characters (they show nothing, so they hide nothing from a reader) and at most three visible
 * separators (`110101 - 19900307`). Four or more visible separators end the number. The two
 * classes share no character, so the pattern never backtracks over the ways to split a gap.
 */
export const CITIZEN_ID_GAP = `${INVISIBLE}*(?:${VISIBLE_SEPARATOR}${INVISIBLE}*){0,3}`;

/** One digit as written, ASCII or full-width. */
export const WRITTEN_DIGIT = `[0-9\\uFF10-\\uFF19]`;

/** A check character as written: a digit, or X in upper or lower case, ASCII or full-width. */
export const WRITTEN_CHECK_CHARACTER = `[0-9\\uFF10-\\uFF19${CHECK_LETTERS}]`;

/**
 * A run of written digits: digits with gaps between them, possibly ending with a check letter.
 * A number can only be written inside one run; the masking of free text works run by run.
 */
export const WRITTEN_DIGIT_RUN = `${WRITTEN_DIGIT}(?:${CITIZEN_ID_GAP}${WRITTEN_DIGIT})*(?:${CITIZEN_ID_GAP}[${CHECK_LETTERS}])?`;

interface Alphabet {
  /** A class of the given ASCII digits (a string of consecutive digits, e.g. `12345678`). */
  digits(which: string): string;
  /** Any digit. */
  anyDigit: string;
  /** The check character (position 18). */
  check: string;
  /** What may stand between two characters. */
  gap: string;
}

const hex = (codePoint: number) => `\\u${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** `12345678` → `1-8` (ASCII) or `\uFF11-\uFF18` (full-width, from `zero`): a set of consecutive digits as a class range. */
function digitRange(which: string, zero?: number): string {
  const digit = (d: string) => (zero === undefined ? d : hex(zero + Number(d)));
  const first = digit(which[0]);
  const last = digit(which[which.length - 1]);
  return which.length === 1 ? first : `${first}-${last}`;
}

/** Canonical numbers: ASCII digits, upper-case X, nothing between the characters. */
const CANONICAL: Alphabet = {
  digits: (which) => (which.length === 1 ? which : `[${digitRange(which)}]`),
  anyDigit: '\\d',
  check: '[\\dX]',
  gap: '',
};

/** Numbers as people write them in text: ASCII or full-width, x in either case, gaps between characters. */
const WRITTEN: Alphabet = {
  // Contiguous sets (all this module uses) as two ranges: the ASCII digits and their full-width forms.
  digits: (which) => `[${digitRange(which)}${digitRange(which, FULL_WIDTH_ZERO)}]`,
  anyDigit: WRITTEN_DIGIT,
  check: WRITTEN_CHECK_CHARACTER,
  gap: CITIZEN_ID_GAP,
};

/**
 * The structure of a number, position by position: a province-level address code (11–82, so an
 * enterprise USCC, which starts with 9, never matches), five more address digits, a birth date
 * from 1800 on, a 3-digit sequence and the check character. The birth-date shape keeps false
 * positives on other long digit strings rare.
 */
function structure({ digits, anyDigit, check, gap }: Alphabet): string {
  const g = gap;
  const any = (count: number) => (g === '' ? `${anyDigit}{${count}}` : `(?:${g}${anyDigit}){${count}}`);
  const pair = (first: string, second: string) => `${digits(first)}${g}${second}`;
  const century = `(?:${pair('1', digits('89'))}|${pair('2', digits('0'))})`;
  const month = `(?:${pair('0', digits('123456789'))}|${pair('1', digits('012'))})`;
  const day = `(?:${pair('0', digits('123456789'))}|${pair('12', anyDigit)}|${pair('3', digits('01'))})`;
  return [digits('12345678'), any(5), g, century, any(2), g, month, g, day, any(3), g, check].join('');
}

/**
 * A citizen ID number anywhere in a string, as people write it (full-width digits, lower-case x,
 * spaces, hyphens, dots or invisible characters between the digits). The contracts refuse text
 * that matches; the masking of free text leaves no match behind.
 */
export const CITIZEN_ID_NUMBER_INSIDE = structure(WRITTEN);

/**
 * The same structure over a canonical run (ASCII digits and X only, nothing between them): what
 * the masking matches after it has normalised a run of written digits.
 */
export const CANONICAL_CITIZEN_ID_NUMBER = structure(CANONICAL);
