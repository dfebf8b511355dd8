/**
 * What a text or date value must be to go into an event, defined once for both sides of an event:
 * the JSON Schemas the consumers validate with (`json-schema.ts` builds them from the patterns
 * here) and the REST edge, whose validators call the predicates here. Whatever a REST call
 * accepts, every consumer of its event must accept; the two can only agree if they are the same
 * rule.
 *
 * Each predicate is the pattern the schema carries, compiled the way ajv compiles a `pattern`
 * (with the `u` flag), so the two cannot drift apart.
 */
import { CITIZEN_ID_NUMBER_INSIDE } from './citizen-id-pattern';

/**
 * The kinds of text, from the most to the least permissive:
 * - `multiline`: long free text (facts, reasons, notes): line breaks and tabs allowed;
 * - `line`: short free text on one line (a matter, a contact);
 * - `name`: names, codes and numbers: one line, and no invisible formatting characters, which
 *   would make two names that look the same compare different.
 */
export type TextKind = 'multiline' | 'line' | 'name';

export const TEXT_KINDS: readonly TextKind[] = ['multiline', 'line', 'name'];

/** Blank: empty, or only white space (JavaScript's white space, the set `String.prototype.trim` removes). */
export const BLANK_TEXT = '^\\s*$';

/** C0 and C1 control characters and DEL, but tab, line feed and carriage return, which long text may hold. */
const CONTROLS_BUT_LINE_BREAKS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
/** Every C0 and C1 control character and DEL, and the Unicode line and paragraph separators. */
const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029';
/** Bidirectional embeddings, overrides and isolates: they reorder what a reader sees ("Trojan source"). */
const BIDI_CONTROLS = '\\u202A-\\u202E\\u2066-\\u2069';
/**
 * Invisible format characters (\p{Cf}): zero-width space and joiners, word joiner, BOM, soft
 * hyphen, and the bidi controls above.
 */
const FORMAT_CHARACTERS = '\\p{Cf}';
/**
 * Surrogate code units. Under the `u` flag a class matches them only when unpaired (a paired
 * surrogate is one astral character), so this refuses exactly the strings that are not
 * well-formed UTF-16 and cannot be encoded as UTF-8 (PostgreSQL refuses them).
 */
const LONE_SURROGATES = '\\uD800-\\uDFFF';

/** A character no text of the kind may hold. */
export const REFUSED_TEXT_CHARACTER: Readonly<Record<TextKind, string>> = {
  multiline: `[${CONTROLS_BUT_LINE_BREAKS}${BIDI_CONTROLS}${LONE_SURROGATES}]`,
  line: `[${CONTROLS}${BIDI_CONTROLS}${LONE_SURROGATES}]`,
  name: `[${CONTROLS}${FORMAT_CHARACTERS}${LONE_SURROGATES}]`,
};

/** What each kind refuses, in the words the contract and the REST edge report. */
export const REFUSED_TEXT_CHARACTER_MESSAGE: Readonly<Record<TextKind, string>> = {
  multiline: 'must not contain control characters (but line breaks and tabs), bidirectional overrides or unpaired surrogates',
  line: 'must be one line without control characters, bidirectional overrides or unpaired surrogates',
  name: 'must be one line without control characters, invisible formatting characters (zero-width, BOM, bidirectional controls) or unpaired surrogates',
};

export const BLANK_TEXT_MESSAGE = 'must not be blank';
export const CLEAR_ID_NUMBER_MESSAGE = 'must not contain a clear citizen ID number (use the masked form or the subject key)';

/** One rule for one text field: its kind, its maximum length and whether a clear ID number is refused. */
export interface TextRule {
  readonly kind: TextKind;
  /** In characters (code points), as JSON Schema's `maxLength` counts. */
  readonly maxLength: number;
  /** True: a clear citizen ID number anywhere in the text is refused (every event text field). */
  readonly refuseIdNumbers: boolean;
  /** True: a blank value is allowed (an optional note where blank means none; never in an event). */
  readonly allowBlank?: boolean;
}

const BLANK = new RegExp(BLANK_TEXT, 'u');
const REFUSED = Object.fromEntries(TEXT_KINDS.map((kind) => [kind, new RegExp(REFUSED_TEXT_CHARACTER[kind], 'u')])) as Record<TextKind, RegExp>;
const ID_NUMBER = new RegExp(CITIZEN_ID_NUMBER_INSIDE, 'u');

/** Length in code points: what JSON Schema's `maxLength` counts (an unpaired surrogate counts as one). */
export function textLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/** True when a clear citizen ID number, however written, appears in `value`. */
export function containsCitizenIdNumber(value: string): boolean {
  return ID_NUMBER.test(value);
}

/**
 * Why `value` breaks `rule`, in the words of the contract, or undefined when it does not. The
 * message never quotes the value: it may hold personal data. A character the kind refuses is
 * named by its code point (U+202E), which is what a sender needs to find an invisible one.
 */
export function textRuleProblem(value: string, rule: TextRule): string | undefined {
  if (!rule.allowBlank && BLANK.test(value)) return BLANK_TEXT_MESSAGE;
  const refused = REFUSED[rule.kind].exec(value);
  if (refused) {
    const codePoint = refused[0].codePointAt(0) ?? 0;
    return `${REFUSED_TEXT_CHARACTER_MESSAGE[rule.kind]} (found U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  const length = textLength(value);
  if (length > rule.maxLength) return `must be at most ${rule.maxLength} characters (has ${length})`;
  if (rule.refuseIdNumbers && ID_NUMBER.test(value)) return CLEAR_ID_NUMBER_MESSAGE;
  return undefined;
}

/** True when `value` keeps `rule`. */
export function keepsTextRule(value: string, rule: TextRule): boolean {
  return textRuleProblem(value, rule) === undefined;
}

/** A date as the contracts write it: `YYYY-MM-DD`. */
export const LOCAL_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const LOCAL_DATE_SHAPE = new RegExp(LOCAL_DATE);

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * A real calendar date `YYYY-MM-DD`, years 0001–9999 (`2026-02-30`, `2023-02-29` and
 * `2026-13-01` are not). The event registry checks JSON Schema's `format: "date"` with this
 * function, so the contracts and the REST edge refuse exactly the same dates.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !LOCAL_DATE_SHAPE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}
