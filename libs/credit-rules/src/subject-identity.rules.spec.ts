import { computeCitizenIdCheckCharacter, InvalidSubjectCodeError, NATURAL_PERSON_KEY_PREFIX, SubjectKind, USCC_PLACEHOLDER } from '@credit/domain-kernel';
import {
  individualBusinessKey,
  isIndividualBusinessCode,
  isIndividualBusinessKey,
  isRegistrationNumber,
  parseUsccAllowList,
  subjectIdentity,
  UsccAllowListError,
} from './subject-identity.rules';

const SECRET = 'subject-identity-secret-for-tests-0001';
/** A valid USCC (both check characters right) and a pilot code: the same code with a wrong mod-31 check character. */
const VALID = '91350100M000100Y43';
const PILOT = '91350100M000100Y44';
/** Valid citizen ID numbers: one with a digit, one with X as the check character. */
const ID = '450102199003071238';
const ID_WITH_X = '11010519491231002X';

/** A citizen ID number of someone born in Nanning on `yyyymmdd`, with its right check character. */
const idBornOn = (yyyymmdd: string) => `450102${yyyymmdd}123` + computeCitizenIdCheckCharacter(`450102${yyyymmdd}123`);

describe('the pilot-code allow-list (USCC_ALLOW_LIST)', () => {
  it('given no value or a blank one, when it is parsed, then no code is allowed', () => {
    expect(parseUsccAllowList(undefined)).toEqual(new Set());
    expect(parseUsccAllowList('')).toEqual(new Set());
    expect(parseUsccAllowList(' , \n ')).toEqual(new Set());
  });

  it('given codes in lower case, separated by commas, spaces and new lines, when it is parsed, then each is trimmed and upper-cased', () => {
    const list = parseUsccAllowList(` ${PILOT.toLowerCase()} ,\n91450100MA5K12347D  91450100ma5k12347d,`);
    expect(list).toEqual(new Set([PILOT, '91450100MA5K12347D']));
  });

  it.each([
    ['a code one character short', '91350100M000100Y4', /'91350100M000100Y4'.*17 characters, a code has 18/],
    ['a code one character long', '91350100M000100Y444', /'91350100M000100Y444'.*19 characters/],
    ['a letter outside the code alphabet (O)', '91350100M000100O44', /'91350100M000100O44'.*'O' at position 16/],
    ['a full-width digit', '９1350100M000100Y44', /'９1350100M000100Y44'.*position 1/],
  ])('given %s, when it is parsed, then it refuses, naming the entry', (_case, entry, message) => {
    expect(() => parseUsccAllowList(`${VALID},${entry}`)).toThrow(UsccAllowListError);
    expect(() => parseUsccAllowList(`${VALID},${entry}`)).toThrow(message);
  });

  it('given a list of two entries glued by a hyphen, when it is parsed, then the result is one malformed entry, not two codes', () => {
    expect(() => parseUsccAllowList(`${VALID}-${PILOT}`)).toThrow(/USCC_ALLOW_LIST entry/);
  });
});

describe('resolving a subject code', () => {
  const plain = subjectIdentity({ secret: SECRET });
  const withPilot = subjectIdentity({ secret: SECRET, allowList: parseUsccAllowList(PILOT.toLowerCase()) });

  describe('given a USCC', () => {
    it('when it comes in lower case with spaces around it, then it is keyed and shown as the normalised code', () => {
      expect(plain.resolve(`  ${VALID.toLowerCase()} `)).toEqual({
        ok: true,
        subjectKey: VALID,
        kind: SubjectKind.LEGAL_PERSON,
        subjectCode: VALID,
        maskedCode: VALID,
      });
    });

    it('when it is of category 92, then the subject is an individual business keyed by its USCC', () => {
      expect(plain.resolve('92451000MA5P77882E')).toMatchObject({ ok: true, subjectKey: '92451000MA5P77882E', kind: SubjectKind.INDIVIDUAL_BUSINESS });
    });

    it('when it has spaces inside, then it is refused (only trimming and upper-casing are normalisation)', () => {
      expect(plain.resolve('91350100 M000100Y43')).toMatchObject({ ok: false });
    });
  });

  describe('given a pilot code whose check character the national algorithm rejects', () => {
    it('when it is not on the allow-list, then it is refused, saying which check character was expected', () => {
      const resolved = plain.resolve(PILOT);
      expect(resolved).toMatchObject({ ok: false });
      expect(!resolved.ok && resolved.message).toMatch(/check character .* is '4' but positions 1–17 give '3'/);
    });

    it('when it is on the allow-list, then it is the subject keyed by the code, in whatever case it is given', () => {
      expect(withPilot.resolve(PILOT)).toEqual({ ok: true, subjectKey: PILOT, kind: SubjectKind.LEGAL_PERSON, subjectCode: PILOT, maskedCode: PILOT });
      expect(withPilot.resolve(` ${PILOT.toLowerCase()}`)).toMatchObject({ ok: true, subjectKey: PILOT });
      expect(withPilot.keyFor(SubjectKind.LEGAL_PERSON, PILOT)).toBe(PILOT);
      expect(withPilot.validateUscc(PILOT)).toMatchObject({ valid: true, allowListed: true });
    });

    it('when a listed code has another defect too, then the allow-list does not forgive it', () => {
      // Position 16 changed: the embedded organisation code's check character (position 17) is wrong as well.
      const twoDefects = '91350100M000100X44';
      const identity = subjectIdentity({ secret: SECRET, allowList: parseUsccAllowList(twoDefects) });
      expect(identity.resolve(twoDefects)).toMatchObject({ ok: false });
    });

    it('when two services build their rules from the same USCC_ALLOW_LIST, then both name the same subject', () => {
      const intake = subjectIdentity({ secret: SECRET, allowList: parseUsccAllowList(PILOT) });
      const repair = subjectIdentity({ secret: SECRET, allowList: parseUsccAllowList(` ${PILOT.toLowerCase()} `) });
      expect(repair.resolve(PILOT)).toEqual(intake.resolve(PILOT));
    });
  });

  it('given the placeholder of an individual business without a code, when it is resolved, then it is refused even when listed', () => {
    const identity = subjectIdentity({ secret: SECRET, allowList: parseUsccAllowList(USCC_PLACEHOLDER) });
    expect(identity.resolve(USCC_PLACEHOLDER)).toMatchObject({ ok: false });
  });

  describe('given a citizen ID number', () => {
    it('when it is valid, then it is keyed by its HMAC and only the masked number is kept', () => {
      const resolved = plain.resolve(` ${ID} `);
      expect(resolved).toEqual({
        ok: true,
        subjectKey: plain.keyFor(SubjectKind.NATURAL_PERSON, ID),
        kind: SubjectKind.NATURAL_PERSON,
        subjectCode: null,
        maskedCode: '450102********1238',
      });
      expect(resolved.ok && resolved.subjectKey).toMatch(new RegExp(`^${NATURAL_PERSON_KEY_PREFIX}[A-Za-z0-9_-]{43}$`));
      expect(JSON.stringify(resolved)).not.toContain(ID);
    });

    it('when its check character is X, in either case, then both spellings are the same person', () => {
      const upper = plain.resolve(ID_WITH_X);
      const lower = plain.resolve(ID_WITH_X.toLowerCase());
      expect(upper).toMatchObject({ ok: true, kind: SubjectKind.NATURAL_PERSON, maskedCode: '110105********002X' });
      expect(lower).toEqual(upper);
    });

    it('when the secret differs, then the key differs (the key is keyed, not a bare hash)', () => {
      const other = subjectIdentity({ secret: `${SECRET}-other` });
      expect(other.keyFor(SubjectKind.NATURAL_PERSON, ID)).not.toBe(plain.keyFor(SubjectKind.NATURAL_PERSON, ID));
    });

    it('when the person was born on 29 February of a leap year, then the number is valid', () => {
      expect(plain.resolve(idBornOn('20000229'))).toMatchObject({ ok: true, kind: SubjectKind.NATURAL_PERSON });
      expect(plain.resolve(idBornOn('19960229'))).toMatchObject({ ok: true, kind: SubjectKind.NATURAL_PERSON });
    });

    it('when the birth date is 29 February of a common year, then it names no subject (1900 is not a leap year)', () => {
      for (const date of ['19990229', '19000229']) {
        expect(plain.validate(SubjectKind.NATURAL_PERSON, idBornOn(date))).toMatchObject({
          valid: false,
          errors: [expect.objectContaining({ reason: 'birth-date' })],
        });
        expect(plain.resolve(idBornOn(date))).toMatchObject({ ok: false });
      }
    });

    it('when its check character is wrong, then it is refused and the message does not echo the number', () => {
      const wrong = ID.slice(0, 17) + '9';
      const resolved = plain.resolve(wrong);
      expect(resolved).toMatchObject({ ok: false });
      expect(JSON.stringify(resolved)).not.toContain(wrong);
      expect(() => plain.keyFor(SubjectKind.NATURAL_PERSON, wrong)).toThrow(InvalidSubjectCodeError);
    });
  });

  describe('given a natural person identified by another document (passport)', () => {
    it('when it is keyed, then the key is an HMAC of type and number, stable across case and never the ID-card key', () => {
      const key = plain.documentKey('PASSPORT', 'e12345678');
      expect(key).toMatch(new RegExp(`^${NATURAL_PERSON_KEY_PREFIX}`));
      expect(plain.documentKey('PASSPORT', ' E12345678 ')).toBe(key);
      expect(plain.documentKey('OTHER', 'E12345678')).not.toBe(key);
      expect(key).not.toContain('12345678');
    });
  });
});

describe('the key of an individual business without a USCC', () => {
  it('given a 15-digit registration number with spaces around it, when it is keyed, then the key is IB-<number>', () => {
    expect(individualBusinessKey(' 450100000012345 ')).toBe('IB-450100000012345');
    expect(subjectIdentity({ secret: SECRET }).individualBusinessKey('450100000012345')).toBe('IB-450100000012345');
    expect(isRegistrationNumber(' 450100000012345 ')).toBe(true);
  });

  it.each([
    ['14 digits', '45010000001234'],
    ['16 digits', '4501000000123456'],
    ['a letter', '45010000001234A'],
    ['an older free-text number', '南字第12345号'],
    ['full-width digits', '４５０１００００００１２３４５'],
  ])('given %s, when it is keyed, then it names no subject', (_case, value) => {
    expect(individualBusinessKey(value)).toBeNull();
    expect(isRegistrationNumber(value)).toBe(false);
  });

  it('given subject keys and codes, when asked which are IB- keys and which category-92 codes, then each is told apart', () => {
    expect(isIndividualBusinessKey('IB-450100000012345')).toBe(true);
    expect(isIndividualBusinessKey('IB-4501000000123')).toBe(false);
    expect(isIndividualBusinessKey('92451000MA5P77882E')).toBe(false);
    expect(isIndividualBusinessCode('92451000MA5P77882E')).toBe(true);
    expect(isIndividualBusinessCode('91450100MA5K12347C')).toBe(false);
    expect(isIndividualBusinessCode('IB-450100000012345')).toBe(false);
    expect(isIndividualBusinessCode('92451000MA5P7788OE')).toBe(false);
  });
});
