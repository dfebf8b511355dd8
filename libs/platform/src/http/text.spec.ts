import 'reflect-metadata';
import { EventRegistry, dateSchema, defineEvent, newEventId, textWithoutIdNumber, type JsonSchema, type TextKind } from '@credit/contracts';
import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import fc from 'fast-check';
import { validationErrorsToFields } from '../errors/validation';
import { IsLocalDate } from './local-date';
import { CreditCode, CreditDate, CreditName, CreditText } from './text';
import { Trimmed } from './trimmed';

/**
 * The REST edge and the event contracts must agree: a value the edge accepts for a field is one
 * every consumer of the event accepts. These tests put each decorator beside the schema of the
 * event field it feeds, validated as a consumer validates (the event registry).
 */
function schemaCheck(schema: JsonSchema): (value: unknown) => boolean {
  const registry = new EventRegistry().register(
    defineEvent({
      type: 'rest-edge-test.value-recorded',
      version: 1,
      topic: 'reference',
      description: 'A value under test.',
      schema: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: schema } },
    }),
  );
  return (value) =>
    registry.validate({
      id: newEventId(),
      type: 'rest-edge-test.value-recorded',
      version: 1,
      stream: 'value-1',
      streamVersion: 1,
      subjectKey: null,
      occurredAt: '2026-05-11T09:30:00+08:00',
      recordedAt: '2026-05-11T01:30:00.123Z',
      correlationId: newEventId(),
      causationId: null,
      actor: { departmentCode: 'system' },
      data: { value },
    }).ok;
}

const MAX = 30;

class LongTextDto {
  @CreditText({ max: MAX, multiline: true })
  value: string;
}
class LineTextDto {
  @CreditText({ max: MAX })
  value: string;
}
class NameDto {
  @CreditName({ max: MAX })
  value: string;
}
class MaskedNameDto {
  @CreditName({ max: MAX, clearIdNumbers: 'masked' })
  value: string;
}
class CodeDto {
  @CreditCode({ max: MAX })
  value: string;
}
class DateDto {
  @CreditDate()
  value: string;
}

const errorsOf = (dto: new () => object, body: unknown) =>
  validationErrorsToFields(validateSync(plainToInstance(dto, body as object), { whitelist: true, forbidNonWhitelisted: true }));
const restAccepts = (dto: new () => object, value: unknown) => errorsOf(dto, { value }).length === 0;

/** Hostile values: blanks, NUL and other controls, a lone surrogate, bidi overrides, zero-width characters, ID numbers, too long. */
const HOSTILE = [
  '', ' ', '\t\n ', '\u3000', '\uFEFF',
  'a\u0000b', '\u0000', 'a\u0001b', 'a\u001Bb', 'a\u007Fb', 'a\u0085b', 'a\u000Bb',
  '\uD800', 'a\uDC00b', 'x\u202Ey', '\u2066x\u2069', '\u202Dab',
  '张\u200B三', '张三\uFEFF', '\u200D张三', 'a\u00ADb',
  'line\nbreak', 'tab\there', 'a\u2028b',
  '450102199003071238', '身份证 110101 19900307 7715', '１１０１０１１９９００３０７７７１５', '110101-1990-0307-7715',
  'x'.repeat(MAX + 1), '𠮷'.repeat(MAX + 1), 'a\uFE0F'.repeat(MAX / 2 + 1),
];
const BENIGN = ['a', '张三', ' 李四 ', '欧阳娜娜', '买买提·艾力', '𠮷野家', '罚款 5000.00 元', '0771-1234567', '110101********7715', 'x'.repeat(MAX), '𠮷'.repeat(MAX), '👍'];
const SAMPLES = [...HOSTILE, ...BENIGN];

describe('REST text rules agree with the event contracts', () => {
  const cases: [string, new () => object, TextKind][] = [
    ['@CreditText({ multiline: true })', LongTextDto, 'multiline'],
    ['@CreditText()', LineTextDto, 'line'],
    ['@CreditName()', NameDto, 'name'],
  ];

  describe.each(cases)('%s and textWithoutIdNumber(…, %#)', (_name, dto, kind) => {
    const schemaAccepts = schemaCheck(textWithoutIdNumber('a value', MAX, kind));

    it.each(SAMPLES.map((s) => [JSON.stringify(s), s]))('accepts %s exactly when the schema does', (_shown, value) => {
      expect(restAccepts(dto, value)).toBe(schemaAccepts(value));
    });

    it('agrees on random strings, lone surrogates included', () => {
      const unit = fc.oneof(
        fc.constantFrom(...'a张 \t\n\r\u0000\u0001\u007F\u0085\u00AD\u200B\u202E\u2066\u2028\uFEFF\u3000\uD800\uDC00１７x-.'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      );
      fc.assert(
        fc.property(fc.string({ unit, maxLength: MAX + 3 }), (value) => expect(restAccepts(dto, value)).toBe(schemaAccepts(value))),
        { numRuns: 300 },
      );
    });
  });

  it('is never looser than the event field it feeds: a name field is stricter than the long-text schema', () => {
    const eventText = schemaCheck(textWithoutIdNumber('a value', MAX));
    for (const dto of [LineTextDto, NameDto]) {
      for (const value of SAMPLES) if (restAccepts(dto, value)) expect([value, eventText(value)]).toEqual([value, true]);
    }
    // Strictly stricter by design: line breaks and invisible characters are fine in long text, not in a name.
    expect(['line\nbreak', '张\u200B三'].filter((value) => eventText(value) && !restAccepts(NameDto, value))).toEqual(['line\nbreak', '张\u200B三']);
  });

  it('refuses the hostile table in a name field, and accepts the benign one', () => {
    expect(HOSTILE.filter((value) => restAccepts(NameDto, value))).toEqual([]);
    expect(BENIGN.filter((value) => !restAccepts(NameDto, value))).toEqual([]);
  });

  it('lets a clear ID number through only where the service masks it or the field is a code', () => {
    for (const value of ['110101 19900307 7715', '１１０１０１１９９００３０７７７１５']) {
      expect(restAccepts(NameDto, value)).toBe(false);
      expect(restAccepts(MaskedNameDto, value)).toBe(true);
    }
    expect(restAccepts(CodeDto, '11010519491231002X')).toBe(true);
    // Everything else of the name rule still holds for codes.
    for (const value of ['', ' ', '9145\u0000', '9145\u200B0100', 'x'.repeat(MAX + 1)]) expect(restAccepts(CodeDto, value)).toBe(false);
  });

  it('names the field and the rule, never the value', () => {
    expect(errorsOf(LongTextDto, { value: '   ' })).toEqual([{ field: 'value', message: 'value must not be blank' }]);
    expect(errorsOf(LongTextDto, { value: 'a\u0000b' })).toEqual([{ field: 'value', message: expect.stringMatching(/^value must not contain control characters.*U\+0000/) }]);
    expect(errorsOf(NameDto, { value: '张\u200B三' })).toEqual([{ field: 'value', message: expect.stringMatching(/invisible formatting characters.*U\+200B/) }]);
    const leaked = errorsOf(LongTextDto, { value: '110101 19900307 7715' });
    expect(leaked).toEqual([{ field: 'value', message: expect.stringMatching(/citizen ID number/) }]);
    expect(JSON.stringify(leaked)).not.toMatch(/1990/);
    expect(errorsOf(NameDto, { value: 42 })).toEqual([{ field: 'value', message: 'value must be a string' }]);
    expect(errorsOf(NameDto, {})).toEqual([{ field: 'value', message: 'value must be a string' }]);
  });
});

describe('REST text rule options', () => {
  class NoteDto {
    @IsOptional()
    @Trimmed()
    @CreditText({ max: 10, multiline: true, allowBlank: true })
    note?: string;
  }
  class BasisDto {
    @CreditText({ max: 10, multiline: true, blankMessage: 'basis is required: nothing enters the catalog without it' })
    basis: string;
  }
  class CodesDto {
    @CreditCode({ max: 5, each: true })
    codes: string[];
  }

  it('allowBlank: an empty note is "no note", trimmed as before; a control character is still refused', () => {
    expect(errorsOf(NoteDto, { note: '   ' })).toEqual([]);
    expect(plainToInstance(NoteDto, { note: '  a  ' }).note).toBe('a');
    expect(errorsOf(NoteDto, {})).toEqual([]);
    expect(errorsOf(NoteDto, { note: 'a\u0000' })).toHaveLength(1);
  });

  it('blankMessage: says why the field is required', () => {
    expect(errorsOf(BasisDto, { basis: ' ' })).toEqual([{ field: 'basis', message: 'basis is required: nothing enters the catalog without it' }]);
  });

  it('each: every element is checked and the first failing one is described', () => {
    expect(errorsOf(CodesDto, { codes: ['a', 'b'] })).toEqual([]);
    expect(errorsOf(CodesDto, { codes: ['a', 'b\u0000'] })).toEqual([{ field: 'codes', message: expect.stringMatching(/^each value in codes must be one line.*U\+0000/) }]);
    expect(errorsOf(CodesDto, { codes: ['a', 123] })).toEqual([{ field: 'codes', message: 'each value in codes must be a string' }]);
  });
});

describe('REST dates agree with the event contracts', () => {
  const schemaAccepts = schemaCheck(dateSchema('a date'));

  it.each(['2026-02-28', '2024-02-29', '2026-02-30', '2023-02-29', '2026-13-01', '2026-04-31', '0000-01-01', '2026-1-1', '20260101', '2026-05-11T00:00:00Z', ' 2026-05-11', '', '２０２６-０５-１１'])(
    '%j: refused at the edge exactly when the contract refuses it',
    (value) => {
      expect(restAccepts(DateDto, value)).toBe(schemaAccepts(value));
    },
  );

  it('refuses 2026-02-30 with a message naming the field', () => {
    expect(errorsOf(DateDto, { value: '2026-02-30' })).toEqual([{ field: 'value', message: 'value must be a real calendar date YYYY-MM-DD' }]);
  });

  it('agrees on every YYYY-MM-DD-shaped string', () => {
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(shaped, (value) => expect(restAccepts(DateDto, value)).toBe(schemaAccepts(value))), { numRuns: 500 });
  });

  it('IsLocalDate, its earlier name, is the same rule', () => {
    class Legacy {
      @IsLocalDate()
      on: string;
    }
    expect(errorsOf(Legacy, { on: '2026-02-30' })).toEqual([{ field: 'on', message: 'on must be a real calendar date YYYY-MM-DD' }]);
    expect(errorsOf(Legacy, { on: '2026-02-28' })).toEqual([]);
  });
});
