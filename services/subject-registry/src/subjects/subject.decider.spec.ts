import { deciderSpec } from '@credit/testing';
import {
  subjectDecider,
  SubjectAlreadyRegistered,
  SubjectNotRegistered,
  type SubjectEvent,
  type SubjectRegisteredData,
} from './subject.decider';

const spec = deciderSpec(subjectDecider);

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
    const events = spec.given([]).when({
        type: 'RegisterSubject',
        data: { ...nanningCompany, legacyCodes: [...nanningCompany.legacyCodes, ...nanningCompany.legacyCodes] },
      }).events();
    expect(events).toEqual([registered]);
  });

  it('refuses a second registration of the same code, telling whether the name differs', () => {
    expect(() => spec.given([registered]).when({ type: 'RegisterSubject', data: nanningCompany }).events()).toThrow(
      SubjectAlreadyRegistered,
    );
    try {
      spec.given([registered]).when({ type: 'RegisterSubject', data: { ...nanningCompany, name: '另一家公司' } }).events();
    } catch (e) {
      expect((e as SubjectAlreadyRegistered).sameName).toBe(false);
    }
  });

  it('records a duplicate-code finding only when the claim names another subject', () => {
    const state = spec.given([registered]).state;
    expect(subjectDecider.decide({ type: 'RecordDuplicateClaim', data: { claimedName: nanningCompany.name } }, state)).toEqual([]);
    expect(subjectDecider.decide({ type: 'RecordDuplicateClaim', data: { claimedName: '另一家公司' } }, state)).toEqual([
      expect.objectContaining({ type: 'subject-registry.code-quality-finding-recorded', data: expect.objectContaining({ finding: 'DUPLICATE_CODE' }) }),
    ]);
  });

  it('adds a legacy code once; re-sending it changes nothing', () => {
    const taxNo = { scheme: 'TAX_NO' as const, value: '450100123456789' };
    const added = spec.given([registered]).when({ type: 'AddLegacyCode', data: taxNo }).events();
    expect(added).toEqual([{ type: 'subject-registry.legacy-code-added', data: taxNo }]);
    spec.given([registered, ...added]).when({ type: 'AddLegacyCode', data: taxNo }).then([]);
  });

  it('cannot add a legacy code to a subject that is not registered', () => {
    expect(() =>
      spec.given([]).when({ type: 'AddLegacyCode', data: { scheme: 'TAX_NO', value: '450100123456789' } }).events(),
    ).toThrow(SubjectNotRegistered);
  });
});
