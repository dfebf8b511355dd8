import { applyDecorators } from '@nestjs/common';
import { BLANK_TEXT_MESSAGE, isCalendarDate, textRuleProblem, type TextKind, type TextRule } from '@credit/contracts';
import { IsString, ValidateBy, buildMessage, type ValidationArguments } from 'class-validator';

/**
 * Request-field rules for text and dates: the REST side of the rules the event contracts apply
 * (`text-rules.ts` in the contracts). Each decorator calls the contracts' own predicate, so a value
 * the edge accepts is a value every consumer of the event accepts: a blank, a control character or
 * an impossible date is a 400 naming the field, not a 201 followed by a dead letter in every
 * consumer (or a 500 when PostgreSQL refuses a NUL or an unpaired surrogate).
 *
 * The decorators validate the value as sent; they do not transform it (a field that should be
 * trimmed keeps `@Trimmed()`). Checking the untrimmed value is never looser than checking the
 * trimmed one, and leaving the DTO without transforms keeps double-publicity's compiled fast check
 * of batch items available.
 */

/**
 * What happens to a clear citizen ID number in the field:
 * - `refuse` (the default): the value goes into an event or the database as sent, so a number
 *   written anywhere in it, in any form, is refused with the pattern the contracts refuse;
 * - `masked`: the service passes the value through `maskIdNumbersInText` (domain kernel) before
 *   it goes anywhere, so a number is accepted and published masked;
 * - `allowed`: the field is meant to carry one (a subject code, a search for a person) and the
 *   service never publishes it as sent.
 */
export type ClearIdNumbers = 'refuse' | 'masked' | 'allowed';

export interface CreditTextOptions {
  /** Maximum length in characters (code points), as the contract's `maxLength` counts. */
  max: number;
  /** True for long free text, which may hold line breaks and tabs. */
  multiline?: boolean;
  clearIdNumbers?: ClearIdNumbers;
  /** True for an optional note where a blank value means "none" (the service then leaves it out). */
  allowBlank?: boolean;
  /** The whole message for a blank value, when the field wants to say why it is required. */
  blankMessage?: string;
  /** Validate each element of an array. */
  each?: boolean;
}

export interface CreditNameOptions {
  max: number;
  clearIdNumbers?: ClearIdNumbers;
  blankMessage?: string;
  each?: boolean;
}

export interface CreditCodeOptions {
  /** Omitted: no limit beyond the body size (the field had none). */
  max?: number;
  each?: boolean;
}

/** The contracts' rule for a field of `kind` with these options. */
export function creditTextRule(kind: TextKind, options: { max?: number; clearIdNumbers?: ClearIdNumbers; allowBlank?: boolean }): TextRule {
  return {
    kind,
    maxLength: options.max ?? Number.MAX_SAFE_INTEGER,
    refuseIdNumbers: (options.clearIdNumbers ?? 'refuse') === 'refuse',
    allowBlank: options.allowBlank ?? false,
  };
}

function textConstraint(rule: TextRule, options: { each?: boolean; blankMessage?: string }): PropertyDecorator {
  const problemOf = (value: unknown): string | undefined => (typeof value === 'string' ? textRuleProblem(value, rule) : undefined);
  const message = (eachPrefix: string, args?: ValidationArguments): string => {
    const value = args?.value;
    // For an array the arguments carry the whole array: the first element that fails speaks for it.
    const problem = Array.isArray(value) ? value.map(problemOf).find((p) => p !== undefined) : problemOf(value);
    if (problem === BLANK_TEXT_MESSAGE && options.blankMessage !== undefined) return options.blankMessage;
    return `${eachPrefix}$property ${problem ?? 'is not valid text'}`;
  };
  return ValidateBy(
    {
      name: `credit${rule.kind[0].toUpperCase()}${rule.kind.slice(1)}Text`,
      constraints: [rule],
      validator: {
        // A value that is not a string is IsString's to report.
        validate: (value: unknown): boolean => problemOf(value) === undefined,
        defaultMessage: buildMessage(message, { each: options.each }),
      },
    },
    { each: options.each },
  );
}

/**
 * Free text: `@CreditText({ max: 5000, multiline: true })` for facts, reasons and notes (line
 * breaks and tabs allowed), `@CreditText({ max: 200 })` for short text on one line. Not blank;
 * no control characters, bidirectional overrides or unpaired surrogates; at most `max`
 * characters; no clear citizen ID number unless the service masks it (`clearIdNumbers`).
 */
export const CreditText = (options: CreditTextOptions): PropertyDecorator =>
  applyDecorators(
    IsString({ each: options.each }),
    textConstraint(creditTextRule(options.multiline ? 'multiline' : 'line', options), options),
  );

/**
 * Names and document numbers (a subject's or a unit's name, a decision number, a certificate
 * number): one line, not blank, and no invisible formatting characters (zero-width space and
 * joiners, BOM, bidi controls), which would make two names that look alike compare different.
 */
export const CreditName = (options: CreditNameOptions): PropertyDecorator =>
  applyDecorators(IsString({ each: options.each }), textConstraint(creditTextRule('name', options), options));

/**
 * Codes and identifiers (USCC, citizen ID number, record ids): the name rule, and a clear
 * citizen ID number allowed, since the field may be one; the domain rules check the code itself.
 */
export const CreditCode = (options: CreditCodeOptions = {}): PropertyDecorator =>
  applyDecorators(IsString({ each: options.each }), textConstraint(creditTextRule('name', { ...options, clearIdNumbers: 'allowed' }), options));

/**
 * A date `YYYY-MM-DD` that exists (`2026-02-30` is refused): the function the event registry
 * checks `format: "date"` with. Whether the date may be in the future, or must follow another,
 * stays with the domain rules.
 */
export const CreditDate = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    ValidateBy({
      name: 'creditDate',
      validator: {
        validate: (value: unknown): boolean => typeof value !== 'string' || isCalendarDate(value),
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be a real calendar date YYYY-MM-DD`),
      },
    }),
  );
