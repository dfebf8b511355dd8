import fc from 'fast-check';
import { SubjectKind } from './subject-kind';
import {
  computeOrganizationCodeCheckCharacter,
  computeUsccCheckCharacter,
  inferSubjectKind,
  isValidOrganizationCode,
  isUsccPlaceholder,
  organizationCategoryOf,
  USCC_ALPHABET,
  USCC_PLACEHOLDER,
  usccAllowList,
  validateUscc,
} from './uscc';

const SAMPLES = [
  '91350100M000100Y43',
  '91110000600037341L',
  '91330201MA282UF146',
  '91330401MA28ADM67R',
  '91450100MA5K12347C',
  '91450200MA5L00013D',
  '92451000MA5P77882E',
  '11450100007712342F',
];

/** Completes 17 characters with the correct position-18 check character. */
const withCheck = (first17: string): string => first17 + computeUsccCheckCharacter(first17);
/** Completes 16 characters with the organisation-code check (position 17), then the outer check. */
const withBothChecks = (first16: string): string => withCheck(first16 + computeOrganizationCodeCheckCharacter(first16.slice(8)));

const reasonsOf = (code: string): string[] => validateUscc(code).errors.map((issue) => issue.reason);

const usccChar = fc.constantFrom(...USCC_ALPHABET);
const digit = fc.constantFrom(...'0123456789');
/** A structurally valid code: authority, category, 6-digit division, organisation code with its check. */
const validUscc = fc
  .tuple(
    fc.constantFrom(...'123456789ANY'),
    usccChar,
    fc.array(digit, { minLength: 6, maxLength: 6 }),
    fc.array(usccChar, { minLength: 8, maxLength: 8 }),
  )
  .map(([authority, category, division, organisation]) => withBothChecks(authority + category + division.join('') + organisation.join('')));

describe('unified social credit code (统一社会信用代码)', () => {
  it.each(SAMPLES)('accepts the published sample %s', (code) => {
    expect(validateUscc(code)).toEqual({ valid: true, normalized: code, errors: [], placeholder: false, allowListed: false });
  });

  it.each(SAMPLES)('computes the check character of %s', (code) => {
    expect(computeUsccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    expect(computeOrganizationCodeCheckCharacter(code.slice(8, 16))).toBe(code[16]);
  });

  it.each([
    ['00000000', '0', 'Σ = 0 gives 11, written 0'],
    ['00000005', '1', 'Σ = 5·2 = 10 gives 1'],
    ['40000000', 'X', 'Σ = 4·3 = 12 ≡ 1 gives 10, written X'],
  ])('computes the organisation-code check of %s as %s (%s)', (first8, expected) => {
    expect(computeOrganizationCodeCheckCharacter(first8)).toBe(expected);
  });

  it.each([
    ['MA5K12347', true],
    ['ma5k1234-7', true],
    ['M000100Y4', true],
    ['40000000X', true],
    ['MA5K12348', false],
    ['MA5K1234', false],
    ['MA5K-12347', false],
    ['MA5K1234X', false],
  ])('checks the stand-alone organisation code %s: %s', (code, valid) => {
    expect(isValidOrganizationCode(code)).toBe(valid);
  });

  it('trims and upper-cases before checking', () => {
    const result = validateUscc('  91330201ma282uf146 \n');
    expect(result.valid).toBe(true);
    expect(result.normalized).toBe('91330201MA282UF146');
  });

  it.each([
    ['inner space', '9133 0201MA282UF146', 'length'],
    ['17 characters', '91330201MA282UF14', 'length'],
    ['19 characters', '91330201MA282UF1466', 'length'],
    ['letter O outside the alphabet', '91330201MA282UF1O6', 'charset'],
    ['full-width digit', '９1330201MA282UF146', 'charset'],
    ['space replacing a character', '91330201MA282 F146', 'charset'],
  ])('rejects a code with %s (%s) for %s', (_label, code, reason) => {
    const result = validateUscc(code);
    expect(result.valid).toBe(false);
    expect(result.errors.map((issue) => issue.reason)).toEqual([reason]);
    expect(result.errors[0].message).toMatch(/\S/);
  });

  it('names every character outside the alphabet by position', () => {
    const [issue] = validateUscc('I1330201MA282UF1S6').errors;
    expect(issue.reason).toBe('charset');
    expect(issue.message).toContain('1, 17');
  });

  it('rejects an unknown registration authority even when both checks pass', () => {
    const code = withBothChecks('B1330201MA282UF1');
    expect(reasonsOf(code)).toEqual(['registration-authority']);
  });

  it('rejects a division code that is not six digits even when both checks pass', () => {
    const code = withBothChecks('9133A201MA282UF1');
    expect(reasonsOf(code)).toEqual(['division-code']);
  });

  it('rejects a wrong embedded organisation-code check character even when the outer check passes', () => {
    const code = withCheck('91350100M000100Y5');
    expect(reasonsOf(code)).toEqual(['organisation-code-check']);
    expect(validateUscc(code).errors[0].message).toContain("'4'");
  });

  it('rejects a wrong check character and says which one was expected', () => {
    const result = validateUscc('91350100M000100Y44');
    expect(result.errors.map((issue) => issue.reason)).toEqual(['check-character']);
    expect(result.errors[0].message).toContain("'3'");
  });

  it('reports every failing rule at once', () => {
    expect(reasonsOf('B133A201MA282UF1Y0')).toEqual(['registration-authority', 'division-code', 'organisation-code-check', 'check-character']);
  });

  describe('placeholder of an individual business without a code', () => {
    it('is recognised, and never valid', () => {
      const result = validateUscc(' 00000000000000000x ');
      expect(result).toMatchObject({ valid: false, placeholder: true, normalized: USCC_PLACEHOLDER });
      expect(result.errors.map((issue) => issue.reason)).toEqual(['placeholder']);
      expect(isUsccPlaceholder('00000000000000000x')).toBe(true);
      expect(isUsccPlaceholder(SAMPLES[0])).toBe(false);
    });

    it('stays invalid even when allow-listed', () => {
      expect(() => usccAllowList([USCC_PLACEHOLDER])).not.toThrow();
      expect(validateUscc(USCC_PLACEHOLDER, { allowList: usccAllowList([USCC_PLACEHOLDER]) }).valid).toBe(false);
    });
  });

  describe('allow-list of early pilot codes that fail the mod-31 check', () => {
    const pilot = '91350100M000100Y44';

    it('accepts a listed code, flagged as allow-listed', () => {
      expect(validateUscc(pilot).valid).toBe(false);
      const result = validateUscc(pilot, { allowList: usccAllowList([' 91350100m000100y44 ']) });
      expect(result).toMatchObject({ valid: true, allowListed: true, errors: [] });
    });

    it('does not flag a valid code that happens to be listed', () => {
      expect(validateUscc(SAMPLES[0], { allowList: usccAllowList([SAMPLES[0]]) })).toMatchObject({ valid: true, allowListed: false });
    });

    it('forgives nothing but the check character', () => {
      const wrongOrganizationCode = '91350100M000100Y53';
      expect(reasonsOf(wrongOrganizationCode)).toEqual(['organisation-code-check', 'check-character']);
      expect(validateUscc(wrongOrganizationCode, { allowList: usccAllowList([wrongOrganizationCode]) }).valid).toBe(false);
    });

    it('refuses malformed entries when the list is built', () => {
      expect(() => usccAllowList(['91350100M000100Y4'])).toThrow(/malformed/);
    });
  });

  describe('properties', () => {
    it('accepts every generated code with correct checks', () => {
      fc.assert(
        fc.property(validUscc, (code) => {
          expect(validateUscc(code)).toMatchObject({ valid: true, errors: [] });
        }),
        { numRuns: 500 },
      );
    });

    it('rejects every single-character substitution of a valid code', () => {
      const substitution = validUscc.chain((code) =>
        fc.tuple(
          fc.constant(code),
          fc.integer({ min: 0, max: 17 }),
          fc.oneof(usccChar, fc.constantFrom(...'IOSVZ a-*中')),
        ),
      );
      fc.assert(
        fc.property(substitution, ([code, position, replacement]) => {
          fc.pre(code[position] !== replacement && replacement.toUpperCase() !== code[position]);
          const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(validateUscc(mutated).valid).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });

    it('rejects every single-character substitution of each published sample', () => {
      for (const code of SAMPLES) {
        for (let position = 0; position < code.length; position++) {
          for (const replacement of USCC_ALPHABET) {
            if (replacement === code[position]) continue;
            const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
            expect(validateUscc(mutated).valid).toBe(false);
          }
        }
      }
    });
  });

  describe('organisation category (positions 1–2)', () => {
    it('names the authority and category', () => {
      expect(organizationCategoryOf('92451000MA5P77882E')).toEqual({ code: '92', authority: expect.stringContaining('市场监管'), category: '个体工商户' });
      expect(organizationCategoryOf('11450100007712342F')?.category).toBe('机关');
      expect(organizationCategoryOf('51450100MA5K12347C')?.category).toBe('社会团体');
      expect(organizationCategoryOf('9Y450100MA5K12347C')).toBeUndefined();
    });

    it('infers an individual business from category 92 and a legal person otherwise', () => {
      expect(inferSubjectKind('92451000MA5P77882E')).toBe(SubjectKind.INDIVIDUAL_BUSINESS);
      expect(inferSubjectKind('91450100MA5K12347C')).toBe(SubjectKind.LEGAL_PERSON);
      expect(inferSubjectKind('11450100007712342F')).toBe(SubjectKind.LEGAL_PERSON);
    });
  });
});
