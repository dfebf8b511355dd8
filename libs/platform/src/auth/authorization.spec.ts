import { actsForUnit, normalizedUnit, readScope, readsEveryUnit, readsRecordOf, sameUnit } from './authorization';
import type { Principal } from './principal';

const MARKET = '11450100007712342F';
const TAX = '11450100007712350A';
const department = (roles: Principal['roles'], departmentCode = MARKET, name = '市场监督管理局'): Principal => ({ departmentCode, name, roles });

describe('unit codes', () => {
  it('are compared trimmed and in upper case', () => {
    expect(normalizedUnit(' 11450100007712342f ')).toBe(MARKET);
    expect(sameUnit(MARKET, ' 11450100007712342f')).toBe(true);
    expect(sameUnit(MARKET, TAX)).toBe(false);
  });
});

describe('acting in the name of a unit', () => {
  it('is allowed for the unit itself, whatever the display name of its token', () => {
    expect(actsForUnit(department(['reviewer']), MARKET.toLowerCase())).toBe(true);
    expect(actsForUnit(department(['reviewer'], MARKET, 'someone else entirely'), MARKET)).toBe(true);
  });

  it('is refused for another unit, also to ops', () => {
    expect(actsForUnit(department(['reviewer', 'submitter']), TAX)).toBe(false);
    expect(actsForUnit(department(['ops']), TAX)).toBe(false);
  });

  it('is allowed to administrators for any unit', () => {
    expect(actsForUnit(department(['admin']), TAX)).toBe(true);
  });
});

describe('reading non-public records', () => {
  it('limits a department to its own unit', () => {
    expect(readsEveryUnit(department(['reviewer', 'reader', 'submitter']))).toBe(false);
    expect(readScope(department(['reader'], ' 11450100007712342f'))).toBe(MARKET);
    expect(readsRecordOf(department(['reader']), [TAX, MARKET.toLowerCase()])).toBe(true);
    expect(readsRecordOf(department(['reader']), [TAX])).toBe(false);
    expect(readsRecordOf(department(['reader']), [])).toBe(false);
  });

  it('lets ops and administrators read every unit', () => {
    for (const role of ['ops', 'admin'] as const) {
      expect(readScope(department([role]))).toBeNull();
      expect(readsRecordOf(department([role]), [TAX])).toBe(true);
    }
  });
});
