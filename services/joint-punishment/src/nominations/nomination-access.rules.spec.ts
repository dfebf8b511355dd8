import type { Principal } from '@credit/platform';
import { isNominatedSubject, nominationReadScope, readsNomination } from './nomination-access.rules';

const MARKET = '11450100007712342F';
const TAX = '11450100007712350A';
const department = (departmentCode: string, ...roles: Principal['roles']): Principal => ({ departmentCode, name: '市场监督管理局', roles });

describe('who reads a nomination', () => {
  it('is its deciding unit, whatever the case of the code', () => {
    expect(nominationReadScope(department(MARKET.toLowerCase(), 'submitter'))).toBe(MARKET);
    expect(readsNomination(department(MARKET.toLowerCase(), 'submitter', 'reader'), MARKET)).toBe(true);
  });

  it('is not another submitting or reading department', () => {
    expect(readsNomination(department(TAX, 'submitter', 'reader'), MARKET)).toBe(false);
  });

  it('is any reviewer, ops or administrator, who read every unit\'s', () => {
    for (const role of ['reviewer', 'ops', 'admin'] as const) {
      expect(nominationReadScope(department(TAX, role))).toBeNull();
      expect(readsNomination(department(TAX, role), MARKET)).toBe(true);
    }
  });
});

describe('the nominated subject', () => {
  const subjectCode = '91450100MA5K12347C';
  it('is recognised by its token sub, whatever its display name; a natural person (no code) never matches', () => {
    expect(isNominatedSubject({ departmentCode: subjectCode, name: '南宁市市场监督管理局', roles: ['reviewer'] }, subjectCode.toLowerCase())).toBe(true);
    expect(isNominatedSubject({ departmentCode: '11450100007712342F', name: 'x', roles: ['reviewer'] }, subjectCode)).toBe(false);
    expect(isNominatedSubject({ departmentCode: subjectCode, name: 'x', roles: ['reviewer'] }, null)).toBe(false);
  });
});
