import fc from 'fast-check';
import { computeCitizenIdCheckCharacter, validateCitizenId } from './citizen-id';

const SAMPLES = ['450102199003071238', '431102198511110021', '11010519491231002X'];
const NOW = new Date('2025-06-01T04:00:00Z');

const withCheck = (first17: string): string => first17 + computeCitizenIdCheckCharacter(first17);
const reasonsOf = (id: string, now = NOW): string[] => validateCitizenId(id, { now }).errors.map((issue) => issue.reason);

const digits = (length: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: length, maxLength: length }).map((d) => d.join(''));
const validCitizenId = fc
  .tuple(
    fc.integer({ min: 110000, max: 829999 }),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    digits(3),
  )
  .map(([address, birth, sequence]) => withCheck(`${address}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${sequence}`));

describe('citizen ID number (公民身份号码)', () => {
  it.each(SAMPLES)('accepts the published sample %s', (id) => {
    expect(validateCitizenId(id, { now: NOW })).toEqual({ valid: true, normalized: id, errors: [] });
    expect(computeCitizenIdCheckCharacter(id.slice(0, 17))).toBe(id[17]);
  });

  it('normalises a lower-case x check character and surrounding spaces', () => {
    expect(validateCitizenId(' 11010519491231002x ', { now: NOW })).toEqual({ valid: true, normalized: '11010519491231002X', errors: [] });
  });

  it.each([
    ['17 characters', '45010219900307123', ['length']],
    ['a 15-digit first-generation number', '450102900307123', ['length']],
    ['an inner space', '4501021990 03071238', ['length']],
    ['X before the last position', '45010219900307X238', ['charset']],
    ['a letter other than X', '45010219900307123A', ['charset']],
    ['a wrong check digit', '450102199003071239', ['check-digit']],
    ['February 29 of a common year', withCheck('45010220230229123'), ['birth-date']],
    ['month 13', withCheck('45010219901301123'), ['birth-date']],
    ['day 00', withCheck('45010219900300123'), ['birth-date']],
    ['a birth year before 1900', withCheck('45010218991231123'), ['birth-date']],
    ['a birth date tomorrow', withCheck('45010220250602123'), ['birth-date']],
    ['a bad birth date and a wrong check digit', '450102199013071238', ['birth-date', 'check-digit']],
  ])('rejects %s', (_label, id, reasons) => {
    expect(reasonsOf(id)).toEqual(reasons);
  });

  it('accepts February 29 of a leap year', () => {
    expect(reasonsOf(withCheck('45010220000229123'))).toEqual([]);
  });

  it('judges "not in the future" by the Shanghai date', () => {
    const bornOnJune2 = withCheck('45010220250602123');
    // 16:30 UTC on June 1 is already 00:30 on June 2 in Shanghai.
    expect(reasonsOf(bornOnJune2, new Date('2025-06-01T16:30:00Z'))).toEqual([]);
    expect(reasonsOf(bornOnJune2, new Date('2025-06-01T15:59:59Z'))).toEqual(['birth-date']);
  });

  it('never repeats the number in its messages', () => {
    for (const id of ['450102199013071238', '45010219900307123', '45010219900307X238']) {
      for (const issue of validateCitizenId(id, { now: NOW }).errors) {
        expect(issue.message).not.toContain('1990');
        expect(issue.message).not.toContain('450102');
      }
    }
  });

  describe('properties', () => {
    it('accepts every generated number with a real birth date and the correct check digit', () => {
      fc.assert(
        fc.property(validCitizenId, (id) => {
          expect(validateCitizenId(id, { now: NOW })).toMatchObject({ valid: true, errors: [] });
        }),
        { numRuns: 500 },
      );
    });

    it('rejects every single-character substitution of a valid number', () => {
      const substitution = validCitizenId.chain((id) =>
        fc.tuple(fc.constant(id), fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789XA ')),
      );
      fc.assert(
        fc.property(substitution, ([id, position, replacement]) => {
          fc.pre(id[position] !== replacement);
          const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
          expect(validateCitizenId(mutated, { now: NOW }).valid).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
