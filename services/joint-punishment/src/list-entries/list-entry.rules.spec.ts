import type { Principal } from '@credit/platform';
import { listEntryBasisRefusal, listingInOwnNameRefusal, mayDecideExit } from './list-entry.rules';

const MARKET = '11450100007712342F';
const TAX = '11450100007712350A';
const department = (departmentCode: string, ...roles: Principal['roles']): Principal => ({ departmentCode, name: '市场监督管理局', roles });

describe('who lists a subject', () => {
  it('is the caller in its own name, the codes compared trimmed and in upper case', () => {
    expect(listingInOwnNameRefusal(department(` ${MARKET.toLowerCase()} `, 'reviewer'), MARKET)).toBeNull();
  });

  it('is refused in another unit\'s name, naming both units', () => {
    const refusal = listingInOwnNameRefusal(department(MARKET, 'reviewer'), TAX);
    expect(refusal).toContain(MARKET);
    expect(refusal).toContain(TAX);
  });

  it('may be any unit for an administrator', () => {
    expect(listingInOwnNameRefusal(department(MARKET, 'admin'), TAX)).toBeNull();
  });
});

describe('who takes an entry off by decision', () => {
  it('is its initiating unit or an administrator, not a third department', () => {
    expect(mayDecideExit(department(MARKET.toLowerCase(), 'reviewer'), MARKET)).toBe(true);
    expect(mayDecideExit(department(TAX, 'reviewer', 'ops'), MARKET)).toBe(false);
    expect(mayDecideExit(department(TAX, 'admin'), MARKET)).toBe(true);
  });
});

describe('the basis records of a direct listing', () => {
  const facts = {
    subjectOf: new Map([
      ['p-1', 'S-1'],
      ['c-1', 'S-1'],
      ['p-withdrawn', 'S-1'],
      ['p-other', 'S-2'],
    ]),
    withdrawn: new Set(['p-withdrawn']),
  };

  it('accepts the subject\'s own records in publicity, or none', () => {
    expect(listEntryBasisRefusal('S-1', ['p-1', 'c-1'], facts)).toBeNull();
    expect(listEntryBasisRefusal('S-1', [], facts)).toBeNull();
  });

  it('refuses a record not received here, saying it may only not have arrived yet', () => {
    const refusal = listEntryBasisRefusal('S-1', ['p-1', 'p-missing'], facts);
    expect(refusal).toEqual({ rule: 'list-entry.basis-record-known', errors: [{ field: 'basis.recordIds.1', message: expect.stringContaining('p-missing') }] });
    expect(refusal?.errors[0].message).toMatch(/not known here yet/);
    expect(refusal?.errors[0].message).toMatch(/may succeed/);
  });

  it('refuses a record of another subject, under that rule even when another record is only missing', () => {
    const refusal = listEntryBasisRefusal('S-1', ['p-missing', 'p-1', 'p-other'], facts);
    expect(refusal?.rule).toBe('list-entry.basis-record-of-subject');
    expect(refusal?.errors.map((e) => e.field)).toEqual(['basis.recordIds.0', 'basis.recordIds.2']);
    expect(refusal?.errors[1].message).toContain('p-other');
    expect(refusal?.errors[1].message).toMatch(/another subject/);
  });

  it('refuses a record already withdrawn from publicity', () => {
    expect(listEntryBasisRefusal('S-1', ['p-withdrawn'], facts)).toMatchObject({
      rule: 'list-entry.basis-record-in-publicity',
      errors: [{ field: 'basis.recordIds.0', message: expect.stringContaining('p-withdrawn') }],
    });
  });
});
