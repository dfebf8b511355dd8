import { normalizeUnitCode, resolveSubjectCode } from './subject-code';
import { subjectKeyFor } from './subject-key';
import { SubjectKind } from './subject-kind';
import { usccAllowList } from './uscc';

const SECRET = 'subject-key-secret-for-tests-0001';
const ID = '450102199003071238';

describe('resolving a subject code from a request', () => {
  it.each([
    [' 91450100ma5k12347c ', '91450100MA5K12347C', SubjectKind.LEGAL_PERSON],
    ['91350100M000100Y43', '91350100M000100Y43', SubjectKind.LEGAL_PERSON],
    ['92451000MA5P77882E', '92451000MA5P77882E', SubjectKind.INDIVIDUAL_BUSINESS],
    ['11450100007712342F', '11450100007712342F', SubjectKind.LEGAL_PERSON],
  ])('keys and shows the USCC %j as %j', (raw, uscc, kind) => {
    expect(resolveSubjectCode(raw, SECRET)).toEqual({ ok: true, subjectKey: uscc, kind, subjectCode: uscc, maskedCode: uscc });
  });

  it('keys a citizen ID number by its HMAC and keeps only the masked number', () => {
    const resolved = resolveSubjectCode(` ${ID} `, SECRET);
    expect(resolved).toEqual({
      ok: true,
      subjectKey: subjectKeyFor(SubjectKind.NATURAL_PERSON, ID, SECRET),
      kind: SubjectKind.NATURAL_PERSON,
      subjectCode: null,
      maskedCode: '450102********1238',
    });
    expect(JSON.stringify(resolved)).not.toContain(ID);
    expect(resolveSubjectCode('11010519491231002x', SECRET)).toMatchObject({ ok: true, subjectCode: null, maskedCode: '110105********002X' });
  });

  it.each(['91450100MA5K12347D', '91450100MA5K1234XX', '450102199003071239', '123', ''])(
    'refuses %j with the reasons of GB 32100, never echoing the code',
    (raw) => {
      const resolved = resolveSubjectCode(raw, SECRET);
      expect(resolved.ok).toBe(false);
      if (resolved.ok) return;
      expect(resolved.message).toMatch(
        /^must be a unified social credit code \(GB 32100\) or a citizen ID number \(GB 11643\) with a valid check character: .+/,
      );
      if (raw.length > 0) expect(resolved.message).not.toContain(raw);
    },
  );

  it('accepts a listed pilot code that fails the check only when the allow-list is given', () => {
    const pilot = '91450100MA5K12347D';
    expect(resolveSubjectCode(pilot, SECRET).ok).toBe(false);
    expect(resolveSubjectCode(pilot, SECRET, { allowList: usccAllowList([pilot]) })).toMatchObject({ ok: true, subjectKey: pilot, subjectCode: pilot });
  });
});

describe('normalising a unit code', () => {
  it.each([
    [' 11450100007712342f ', '11450100007712342F'],
    ['91450100MA5K12347C', '91450100MA5K12347C'],
    ['11450100007712342G', null],
    ['123', null],
    [ID, null],
  ])('%j → %j', (raw, normalized) => {
    expect(normalizeUnitCode(raw)).toBe(normalized);
  });
});
