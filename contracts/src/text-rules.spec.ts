import fc from 'fast-check';
import { CITIZEN_ID_NUMBER_INSIDE, MASKED_CITIZEN_ID_NUMBER } from './citizen-id-pattern';
import { subjectRegisteredV1 } from './events';
import { newEventId } from './ids';
import { dateSchema, textSchema, textWithoutIdNumber } from './json-schema';
import { EventRegistry, defineEvent } from './registry';
import { TEXT_KINDS, containsCitizenIdNumber, isCalendarDate, keepsTextRule, textRuleProblem, type TextRule } from './text-rules';

/** One registry per schema: `data.value` carries the value under test, validated as consumers validate. */
function schemaCheck(schema: Record<string, unknown>): (value: unknown) => boolean {
  const registry = new EventRegistry().register(
    defineEvent({
      type: 'text-rules-test.value-recorded',
      version: 1,
      topic: 'reference',
      description: 'A value under test.',
      schema: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: schema } },
    }),
  );
  return (value) =>
    registry.validate({
      id: newEventId(),
      type: 'text-rules-test.value-recorded',
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

const MAX = 20;
const RULES: TextRule[] = TEXT_KINDS.flatMap((kind) => [
  { kind, maxLength: MAX, refuseIdNumbers: true },
  { kind, maxLength: MAX, refuseIdNumbers: false },
  { kind, maxLength: MAX, refuseIdNumbers: true, allowBlank: true },
]);

/** Hostile values: each breaks at least one kind's rule. */
const HOSTILE_TEXT: readonly string[] = [
  '', ' ', '   ', '\t\n', '\u3000', '\u00A0', '\uFEFF',
  'a\u0000b', '\u0000', 'a\u0001', 'a\u0008b', 'a\u000Bb', 'a\u000Cb', 'a\u001Fb', 'a\u007Fb', 'a\u0085b', 'a\u009Fb',
  '\uD800', 'a\uDC00b', 'a\uDBFF', '\uDC00\uD800',
  'x\u202Ey', '\u202Aab', '\u2066x\u2069', 'ab\u202C',
  '张\u200B三', '\u200D张三', '张三\uFEFF', 'a\u00ADb', 'a\u2060b', 'a\u200Eb',
  'line\nbreak', 'tab\there', 'cr\rhere', 'a\u2028b', 'a\u2029b',
  '450102199003071238', '１１０１０１１９９００３０７７７１５', '110101 19900307 7715', '11010519491231002x',
  'x'.repeat(MAX + 1), '𠮷'.repeat(MAX + 1),
];

/** Benign values: every kind accepts them (at most MAX characters, no ID number). */
const BENIGN_TEXT: readonly string[] = [
  'a', '张三', ' 李四 ', '欧阳娜娜', '买买提·艾力', '𠮷野家', '南市监罚〔25〕1号', '罚款 5000.00 元', '0771-1234567',
  '110101********7715', 'x'.repeat(MAX), '𠮷'.repeat(MAX), 'a\u00A0b', 'Ａｂｃ', '2026-02-30', '👍',
];

describe('text rules: the predicate and the JSON Schema are one rule', () => {
  describe.each(RULES)('kind $kind, ID numbers refused: $refuseIdNumbers, blank allowed: $allowBlank', (rule) => {
    const schemaAccepts = schemaCheck(textSchema('a value', rule));

    it.each([...HOSTILE_TEXT, ...BENIGN_TEXT].map((s) => [JSON.stringify(s), s]))('agrees on %s', (_shown, value) => {
      expect(keepsTextRule(value, rule)).toBe(schemaAccepts(value));
    });

    it('agrees on random strings of any code units, lone surrogates included', () => {
      const unit = fc.oneof(
        fc.constantFrom(...'a张 \t\n\r\u0000\u0001\u007F\u0085\u009F\u00AD\u200B\u200D\u202E\u2066\u2028\uFEFF\u3000\uD800\uDC00１７x-.'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      );
      fc.assert(
        fc.property(fc.string({ unit, maxLength: MAX + 3 }), (value) => expect(keepsTextRule(value, rule)).toBe(schemaAccepts(value))),
        { numRuns: 300 },
      );
    });
  });

  it('refuses exactly the hostile values of the table, kind by kind', () => {
    const refused = (rule: TextRule) => HOSTILE_TEXT.filter((value) => !keepsTextRule(value, rule));
    const multiline: TextRule = { kind: 'multiline', maxLength: MAX, refuseIdNumbers: true };
    const line: TextRule = { ...multiline, kind: 'line' };
    const name: TextRule = { ...multiline, kind: 'name' };
    // Long text keeps its line breaks, tabs and invisible characters; a name keeps neither.
    const allowedInText = ['line\nbreak', 'tab\there', 'cr\rhere', 'a\u2028b', 'a\u2029b', '张\u200B三', '\u200D张三', '张三\uFEFF', 'a\u00ADb', 'a\u2060b', 'a\u200Eb'];
    expect(refused(multiline)).toEqual(HOSTILE_TEXT.filter((value) => !allowedInText.includes(value)));
    expect(refused(line)).toEqual(HOSTILE_TEXT.filter((value) => !allowedInText.slice(5).includes(value)));
    expect(refused(name)).toEqual(HOSTILE_TEXT);
    for (const value of BENIGN_TEXT) expect([value, keepsTextRule(value, name)]).toEqual([value, true]);
  });

  it('names the refused character by its code point, never quoting the value', () => {
    expect(textRuleProblem('a\u202Eb', { kind: 'multiline', maxLength: 10, refuseIdNumbers: true })).toMatch(/U\+202E/);
    expect(textRuleProblem('\uD800', { kind: 'multiline', maxLength: 10, refuseIdNumbers: true })).toMatch(/U\+D800/);
    expect(textRuleProblem('张\u200B三', { kind: 'name', maxLength: 10, refuseIdNumbers: true })).toMatch(/U\+200B/);
    const problem = textRuleProblem('see 110101 19900307 7715', { kind: 'multiline', maxLength: 100, refuseIdNumbers: true });
    expect(problem).toMatch(/citizen ID number/);
    expect(problem).not.toMatch(/\d{4}/);
  });

  it('counts length in characters, as JSON Schema does', () => {
    const rule: TextRule = { kind: 'name', maxLength: 3, refuseIdNumbers: true };
    expect(keepsTextRule('𠮷𠮷𠮷', rule)).toBe(true);
    expect(keepsTextRule('𠮷𠮷𠮷𠮷', rule)).toBe(false);
    // Variation selectors are characters too (class-validator's MaxLength does not count them).
    expect(keepsTextRule('a\uFE0Fb\uFE0F', rule)).toBe(false);
  });
});

describe('citizen ID numbers in event text', () => {
  const legalPerson = { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C', legacyCodes: [] };
  const registry = new EventRegistry().register(subjectRegisteredV1);
  const validate = (name: string) =>
    registry.validate({
      id: newEventId(),
      type: subjectRegisteredV1.type,
      version: 1,
      stream: 'subject-91450100MA5K12347C',
      streamVersion: 1,
      subjectKey: '91450100MA5K12347C',
      occurredAt: '2026-05-11T09:30:00+08:00',
      recordedAt: '2026-05-11T01:30:00.123Z',
      correlationId: newEventId(),
      causationId: null,
      actor: { departmentCode: 'system' },
      data: { ...legalPerson, name },
    });

  it.each([
    '张三 110101 19900307 7715',
    '张三 110101-1990-0307-7715',
    '张三 110101.1990.0307.7715',
    '张三 １１０１０１１９９００３０７７７１５',
    '张三 １１０１０１ 19900307 ７７１５',
    '张三 11010519491231002x',
    '张三 1101\u200B0519\u200B\u200B\u200B\u200B4912\u200B31002X',
    '张三 110101\n19900307\n7715',
  ])('refuses %j, so consumers dead-letter an event carrying it', (name) => {
    const result = validate(name);
    expect(result).toMatchObject({ ok: false, reason: 'invalid-data' });
    expect(!result.ok && result.errors).toEqual([{ path: '/data/name', message: expect.stringMatching(/citizen ID number/) }]);
  });

  it.each([
    '张三 110101********7715',
    '电话 0771-1234567, 13812345678',
    '2024-01-01 至 2024-12-31',
    '罚款 12,345,678.90 元',
    '第12、13、14、15、16、17、18、19、20条',
  ])('accepts %j', (name) => {
    expect(validate(name)).toMatchObject({ ok: true });
  });

  it('refuses a blank name and a control character with their own messages', () => {
    const blank = validate('   ');
    expect(!blank.ok && blank.errors).toEqual([{ path: '/data/name', message: 'must not be blank' }]);
    const nul = validate('a\u0000b');
    expect(!nul.ok && nul.errors).toEqual([{ path: '/data/name', message: expect.stringMatching(/control characters/) }]);
  });

  it('refuses any valid number, however written, inside any text', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const validId = fc
      .tuple(
        fc.integer({ min: 110000, max: 829999 }),
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([address, birth, sequence]) => {
        const body = `${address}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
        return body + '10X98765432'[[...body].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11];
      });
    const gap = fc.constantFrom('', '', '', ' ', '-', '.', ' - ', '\u3000', '\u200B', '\u200B\u200B\u200B\u200B\u200B', '\uFEFF', '/', '_', '\n');
    const written = validId.chain((id) =>
      fc.tuple(fc.array(gap, { minLength: 17, maxLength: 17 }), fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }), fc.boolean()).map(([gaps, wide, lower]) =>
        [...id]
          .map((c, i) => {
            const cased = c === 'X' && lower ? 'x' : c;
            const shown = !wide[i] ? cased : cased === 'X' ? 'Ｘ' : cased === 'x' ? 'ｘ' : String.fromCharCode(0xff10 + Number(cased));
            return (i > 0 ? gaps[i - 1] : '') + shown;
          })
          .join(''),
      ),
    );
    const text = fc.string({ unit: fc.constantFrom(...'张三 ,、:0123456789-.'), maxLength: 8 });
    const schemaAccepts = schemaCheck(textWithoutIdNumber('a text', 200));
    fc.assert(
      fc.property(text, written, text, (before, number, after) => {
        expect(containsCitizenIdNumber(`${before}${number}${after}`)).toBe(true);
        expect(schemaAccepts(`${before}${number}${after}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the masked form and the schema pattern consistent', () => {
    expect(new RegExp(MASKED_CITIZEN_ID_NUMBER).test('110101********7715')).toBe(true);
    expect(new RegExp(CITIZEN_ID_NUMBER_INSIDE, 'u').test('110101********7715')).toBe(false);
  });

  it('is the rule textWithoutIdNumber publishes: multiline unless told otherwise', () => {
    expect(textWithoutIdNumber('t', 5)).toEqual(textSchema('t', { kind: 'multiline', maxLength: 5, refuseIdNumbers: true }));
    expect(textWithoutIdNumber('t', 5, 'name')).toEqual(textSchema('t', { kind: 'name', maxLength: 5, refuseIdNumbers: true }));
  });
});

describe('calendar dates: the predicate and format "date" are one rule', () => {
  const schemaAccepts = schemaCheck(dateSchema('a date'));

  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-02-30', false],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['2026-1-1', false],
    ['20260101', false],
    ['2026-05-11T00:00:00Z', false],
    [' 2026-05-11', false],
    ['２０２６-０５-１１', false],
    ['', false],
  ])('%s: %s', (value, valid) => {
    expect(isCalendarDate(value)).toBe(valid);
    expect(schemaAccepts(value)).toBe(valid);
  });

  it('agrees on every YYYY-MM-DD-shaped string', () => {
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(shaped, (value) => expect(isCalendarDate(value)).toBe(schemaAccepts(value))), { numRuns: 2000 });
  });
});
