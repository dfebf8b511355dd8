/**
 * JSON Schema (draft-07) building blocks shared by the envelope and the event catalog.
 *
 * Draft-07 rather than 2020-12 because the AsyncAPI 3.0 default schema format is a superset of
 * draft-07: the schemas the consumers validate with are published unchanged in `asyncapi.json`.
 */

import { CITIZEN_ID_NUMBER_INSIDE } from './citizen-id-pattern';
import {
  BLANK_TEXT,
  BLANK_TEXT_MESSAGE,
  CLEAR_ID_NUMBER_MESSAGE,
  LOCAL_DATE,
  REFUSED_TEXT_CHARACTER,
  REFUSED_TEXT_CHARACTER_MESSAGE,
  type TextKind,
  type TextRule,
} from './text-rules';

/** A JSON Schema document (draft-07), kept as plain data so it can be published as is. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * Annotation keyword carrying the message reported when a `not` refuses a value: a bare
 * "must NOT be valid" would tell the producer nothing about which rule it broke.
 */
export const REFUSAL_KEYWORD = 'x-refusal';

/**
 * A clear citizen ID number anywhere in a string, and the masked form of one: defined once in
 * `citizen-id-pattern.ts` (the masking in the domain kernel builds on the same definition) and
 * re-exported here, where the event schemas take their building blocks from.
 */
export { CITIZEN_ID_NUMBER_INSIDE, MASKED_CITIZEN_ID_NUMBER } from './citizen-id-pattern';

/**
 * Shape of a unified social credit code (GB 32100-2015): 18 characters of the 31-character
 * alphabet (no I, O, S, V, Z), positions 3–8 the administrative division. The check characters
 * are verified by the producer (domain kernel); the contract pins the shape.
 */
export const USCC_SHAPE = '^[0-9A-HJ-NP-RTUW-Y]{2}\\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$';

/** A calendar month `YYYY-MM` (monthly reports, periods of payment records). */
export const MONTH_SHAPE = '^\\d{4}-(0[1-9]|1[0-2])$';

/** Event type names: `<service>.<event-name>`, both kebab-case. */
export const EVENT_TYPE_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$';

/** ISO 8601 timestamp with an explicit offset (`Z` or `±hh:mm`), as the REST contract requires. */
export const TIMESTAMP_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';

/** A calendar date `YYYY-MM-DD` (Asia/Shanghai by convention of the REST contract); see `text-rules.ts`. */
export { LOCAL_DATE } from './text-rules';

/**
 * Text of an event: not blank, no character its kind refuses (see `text-rules.ts`), at most
 * `maxLength` characters, and never a clear citizen ID number however written (full-width digits,
 * spaces or hyphens between the digits). Events are kept forever on the topics and copied by every
 * consumer, so a leaked number could never be taken back: the contract refuses it rather than
 * trusting every producer to mask.
 *
 * The kind defaults to `multiline`, the most permissive: the REST edge applies the same rule or a
 * stricter kind (`name` for names, codes and numbers), never a looser one.
 */
export function textWithoutIdNumber(description: string, maxLength: number, kind: TextKind = 'multiline'): JsonSchema {
  return textSchema(description, { kind, maxLength, refuseIdNumbers: true });
}

/**
 * The JSON Schema of a {@link TextRule}: each part of the rule is its own `not` with its own
 * refusal message, so a consumer's dead letter names the rule the producer broke.
 */
export function textSchema(description: string, rule: TextRule): JsonSchema {
  const refusals: JsonSchema[] = [
    ...(rule.allowBlank ? [] : [{ not: { pattern: BLANK_TEXT }, [REFUSAL_KEYWORD]: BLANK_TEXT_MESSAGE }]),
    { not: { pattern: REFUSED_TEXT_CHARACTER[rule.kind] }, [REFUSAL_KEYWORD]: REFUSED_TEXT_CHARACTER_MESSAGE[rule.kind] },
    ...(rule.refuseIdNumbers ? [{ not: { pattern: CITIZEN_ID_NUMBER_INSIDE }, [REFUSAL_KEYWORD]: CLEAR_ID_NUMBER_MESSAGE }] : []),
  ];
  return { type: 'string', description, maxLength: rule.maxLength, allOf: refusals };
}

/** A real calendar date `YYYY-MM-DD`: the registry checks `format: "date"` with `isCalendarDate` (text-rules.ts). */
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
