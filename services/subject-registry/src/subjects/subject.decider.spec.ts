import {
  subjectDecider,
  SubjectAlreadyRegistered,
  SubjectNotRegistered,
  type SubjectEvent,
  type SubjectRegisteredData,
} from './subject.decider';

const given = (events: SubjectEvent[]) => events.reduce(subjectDecider.evolve, subjectDecider.initialState());

const nanningCompany: SubjectRegisteredData = {
  kind: 'LEGAL_PERSON',
  code: '91450100MA5K12347C',
  maskedCode: '91450100MA5K12347C',
  name: '南宁市示例科技有限公司',
  legacyCodes: [{ scheme: 'REGISTRATION_NO', value: '450100000012345' }],
};
const registered: SubjectEvent = { type: 'subject-registry.subject-registered', data: nanningCompany };

describe('credit subject', () => {
  it('is registered once with its legacy codes, duplicates among them dropped', () => {
    const events = subjectDecider.decide(
      {
        type: 'RegisterSubject',
        data: { ...nanningCompany, legacyCodes: [...nanningCompany.legacyCodes, ...nanningCompany.legacyCodes] },
      },
      given([]),
    );
    expect(events).toEqual([registered]);
  });

  it('refuses a second registration of the same code, telling whether the name differs', () => {
    expect(() => subjectDecider.decide({ type: 'RegisterSubject', data: nanningCompany }, given([registered]))).toThrow(
      SubjectAlreadyRegistered,
    );
    try {
      subjectDecider.decide({ type: 'RegisterSubject', data: { ...nanningCompany, name: '另一家公司' } }, given([registered]));
    } catch (e) {
      expect((e as SubjectAlreadyRegistered).sameName).toBe(false);
    }
  });

  it('records a duplicate-code finding only when the claim names another subject', () => {
    const state = given([registered]);
    expect(subjectDecider.decide({ type: 'RecordDuplicateClaim', data: { claimedName: nanningCompany.name } }, state)).toEqual([]);
    expect(subjectDecider.decide({ type: 'RecordDuplicateClaim', data: { claimedName: '另一家公司' } }, state)).toEqual([
      expect.objectContaining({ type: 'subject-registry.code-quality-finding-recorded', data: expect.objectContaining({ finding: 'DUPLICATE_CODE' }) }),
    ]);
  });

  it('adds a legacy code once; re-sending it changes nothing', () => {
    const taxNo = { scheme: 'TAX_NO' as const, value: '450100123456789' };
    const added = subjectDecider.decide({ type: 'AddLegacyCode', data: taxNo }, given([registered]));
    expect(added).toEqual([{ type: 'subject-registry.legacy-code-added', data: taxNo }]);
    expect(subjectDecider.decide({ type: 'AddLegacyCode', data: taxNo }, given([registered, ...added]))).toEqual([]);
  });

  it('cannot add a legacy code to a subject that is not registered', () => {
    expect(() =>
      subjectDecider.decide({ type: 'AddLegacyCode', data: { scheme: 'TAX_NO', value: '450100123456789' } }, given([])),
    ).toThrow(SubjectNotRegistered);
  });
});
