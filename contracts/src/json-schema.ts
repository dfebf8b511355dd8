/**
 * JSON Schema (draft-07) building blocks shared by the envelope and the event catalog.
 *
 * Draft-07 rather than 2020-12 because the AsyncAPI 3.0 default schema format is a superset of
 * draft-07: the schemas the consumers validate with are published unchanged in `asyncapi.json`.
 */

/** A JSON Schema document (draft-07), kept as plain data so it can be published as is. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * Annotation keyword carrying the message reported when a `not` refuses a value: a bare
 * "must NOT be valid" would tell the producer nothing about which rule it broke.
 */
export const REFUSAL_KEYWORD = 'x-refusal';

/**
 * A citizen ID number (GB 11643-1999) anywhere in a string: a province-level address code
 * (11–82; enterprise USCCs start with 9 and so never match), four more address digits, a birth
 * date from 1800 on, a 3-digit sequence and the check character. The birth-date shape keeps
 * false positives on other long digit strings rare.
 */
export const CITIZEN_ID_NUMBER_INSIDE = '[1-8]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]';

/** The masked form of a citizen ID number: first 6 and last 4 characters kept (domain §1). */
export const MASKED_CITIZEN_ID_NUMBER = '^\\d{6}\\*{8}\\d{3}[\\dX]$';

/**
 * Shape of a unified social credit code (GB 32100-2015): 18 characters of the 31-character
 * alphabet (no I, O, S, V, Z), positions 3–8 the administrative division. The check characters
 * are verified by the producer (domain kernel); the contract pins the shape.
 */
export const USCC_SHAPE = '^[0-9A-HJ-NP-RTUW-Y]{2}\\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$';

/** Event type names: `<service>.<event-name>`, both kebab-case. */
export const EVENT_TYPE_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$';

/** ISO 8601 timestamp with an explicit offset (`Z` or `±hh:mm`), as the REST contract requires. */
export const TIMESTAMP_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';

/** A calendar date `YYYY-MM-DD` (Asia/Shanghai by convention of the REST contract). */
export const LOCAL_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * A string that must never carry a clear citizen ID number. Events are kept forever on the
 * topics and copied by every consumer, so a leaked number could never be taken back: the
 * contract refuses it rather than trusting every producer to mask.
 */
export function textWithoutIdNumber(description: string, maxLength: number): JsonSchema {
  return {
    type: 'string',
    description,
    minLength: 1,
    maxLength,
    not: { pattern: CITIZEN_ID_NUMBER_INSIDE },
    [REFUSAL_KEYWORD]: 'must not contain a clear citizen ID number (use the masked form or the subject key)',
  };
}

export function dateSchema(description: string): JsonSchema {
  return { type: 'string', description, pattern: LOCAL_DATE, format: 'date' };
}

export function timestampSchema(description: string): JsonSchema {
  return { type: 'string', description, pattern: TIMESTAMP_WITH_OFFSET, format: 'date-time' };
}

/** The calendar a deadline was computed on: per year it spans, the published version (0 = provisional). */
export function calendarBasisSchema(description: string): JsonSchema {
  return {
    type: 'array',
    description,
    minItems: 1,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['year', 'version', 'provisional'],
      properties: {
        year: { type: 'integer', minimum: 1900, maximum: 2200 },
        version: { type: 'integer', minimum: 0, description: '0 for a provisional year (no published schedule yet).' },
        provisional: { type: 'boolean' },
      },
    },
  };
}

/** What a deadline's recomputation after a calendar publication says (the same fields for every deadline). */
export function deadlineRecomputedProperties(what: string): Record<string, JsonSchema> {
  return {
    previousDueBy: timestampSchema(`The ${what} before the recomputation.`),
    dueBy: timestampSchema(`The ${what} on the newly published calendar.`),
    calendar: calendarBasisSchema(`The calendar the new ${what} was computed on.`),
    movedEarlier: { type: 'boolean', description: `True when the new ${what} is earlier than the one already told.` },
    calendarYear: { type: 'integer', minimum: 2020, maximum: 2099, description: 'The year whose schedule was published.' },
    calendarVersion: { type: 'integer', minimum: 1, description: 'The published version of that year.' },
  };
}

export const DEADLINE_RECOMPUTED_REQUIRED = ['previousDueBy', 'dueBy', 'calendar', 'movedEarlier', 'calendarYear', 'calendarVersion'] as const;

/** The TypeScript shape of {@link calendarBasisSchema}. */
export interface CalendarBasisData {
  year: number;
  version: number;
  provisional: boolean;
}

/** The TypeScript shape of {@link deadlineRecomputedProperties}. */
export interface DeadlineRecomputedData {
  previousDueBy: string;
  dueBy: string;
  calendar: CalendarBasisData[];
  movedEarlier: boolean;
  calendarYear: number;
  calendarVersion: number;
}
