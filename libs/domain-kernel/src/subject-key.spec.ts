import fc from 'fast-check';
import { computeCitizenIdCheckCharacter } from './citizen-id';
import {
  assertSubjectKeySecret,
  InvalidSubjectCodeError,
  isNaturalPersonKey,
  subjectKeyFor,
  validateSubjectCode,
} from './subject-key';
import { SubjectKind } from './subject-kind';
import { usccAllowList } from './uscc';

const SECRET = 'subject-key-secret-for-tests-0001';
const OTHER_SECRET = 'subject-key-secret-for-tests-0002';
const ID = '450102199003071238';

describe('subject key', () => {
  it.each([
    [SubjectKind.LEGAL_PERSON, ' 91450100ma5k12347c ', '91450100MA5K12347C'],
    [SubjectKind.OTHER_ORGANIZATION, '91350100M000100Y43', '91350100M000100Y43'],
    [SubjectKind.INDIVIDUAL_BUSINESS, '92451000MA5P77882E', '92451000MA5P77882E'],
  ])('keys a %s by its normalised USCC', (kind, code, key) => {
    expect(subjectKeyFor(kind, code, SECRET)).toBe(key);
  });

  it('keys a natural person by NP- and a base64url HMAC that does not reveal the number', () => {
    const key = subjectKeyFor(SubjectKind.NATURAL_PERSON, ID, SECRET);
    expect(key).toMatch(/^NP-[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain(ID.slice(6, 14));
    expect(key).not.toMatch(/\d{6,}/);
    expect(isNaturalPersonKey(key)).toBe(true);
    expect(isNaturalPersonKey('91450100MA5K12347C')).toBe(false);
  });

  it('is stable for a secret, whatever the spelling of the number, and changes with the secret', () => {
    const key = subjectKeyFor(SubjectKind.NATURAL_PERSON, '11010519491231002X', SECRET);
    expect(subjectKeyFor(SubjectKind.NATURAL_PERSON, ' 11010519491231002x', SECRET)).toBe(key);
    expect(subjectKeyFor(SubjectKind.NATURAL_PERSON, '11010519491231002X', Buffer.from(SECRET))).toBe(key);
    expect(subjectKeyFor(SubjectKind.NATURAL_PERSON, '11010519491231002X', OTHER_SECRET)).not.toBe(key);
  });

  it('gives different people different keys', () => {
    const id = fc.tuple(fc.integer({ min: 110000, max: 829999 }), fc.integer({ min: 0, max: 999 })).map(([address, sequence]) => {
      const first17 = `${address}19900307${String(sequence).padStart(3, '0')}`;
      return first17 + computeCitizenIdCheckCharacter(first17);
    });
    fc.assert(
      fc.property(id, id, (a, b) => {
        fc.pre(a !== b);
        expect(subjectKeyFor(SubjectKind.NATURAL_PERSON, a, SECRET)).not.toBe(subjectKeyFor(SubjectKind.NATURAL_PERSON, b, SECRET));
      }),
    );
  });

  it.each([
    [SubjectKind.INDIVIDUAL_BUSINESS, '00000000000000000X', 'placeholder'],
    [SubjectKind.LEGAL_PERSON, '91450100MA5K12347D', 'check-character'],
    [SubjectKind.NATURAL_PERSON, '450102199003071239', 'check-digit'],
    [SubjectKind.NATURAL_PERSON, '91450100MA5K12347C', 'charset'],
    [SubjectKind.LEGAL_PERSON, ID, 'check-character'],
  ])('refuses to key a %s with code %s (%s)', (kind, code, reason) => {
    let error: unknown;
    try {
      subjectKeyFor(kind, code, SECRET);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidSubjectCodeError);
    expect((error as InvalidSubjectCodeError).errors.map((issue) => issue.reason)).toContain(reason);
    expect((error as Error).message).not.toContain(code);
  });

  it('keys an allow-listed pilot code only when the allow-list is given', () => {
    const pilot = '91350100M000100Y44';
    expect(() => subjectKeyFor(SubjectKind.LEGAL_PERSON, pilot, SECRET)).toThrow(InvalidSubjectCodeError);
    expect(subjectKeyFor(SubjectKind.LEGAL_PERSON, pilot, SECRET, { allowList: usccAllowList([pilot]) })).toBe(pilot);
  });

  it('refuses a secret too short to keep the number secret', () => {
    expect(() => subjectKeyFor(SubjectKind.NATURAL_PERSON, ID, 'short')).toThrow(/at least 16 bytes/);
    expect(() => assertSubjectKeySecret('')).toThrow(RangeError);
    expect(assertSubjectKeySecret(SECRET)).toHaveLength(Buffer.byteLength(SECRET));
  });
});

describe('validateSubjectCode', () => {
  it('checks a natural person against the citizen ID rules and others against the USCC rules', () => {
    expect(validateSubjectCode(SubjectKind.NATURAL_PERSON, ID)).toMatchObject({ valid: true, normalized: ID });
    expect(validateSubjectCode(SubjectKind.LEGAL_PERSON, ID).valid).toBe(false);
    expect(validateSubjectCode(SubjectKind.INDIVIDUAL_BUSINESS, '92451000MA5P77882E')).toMatchObject({ valid: true, placeholder: false });
    expect(validateSubjectCode(SubjectKind.NATURAL_PERSON, '92451000MA5P77882E').errors.map((i) => i.reason)).toEqual(['charset']);
  });
});
