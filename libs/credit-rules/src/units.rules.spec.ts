import { actsForUnit, isDecidingUnit, normalizedUnitCode, sameUnit, sourceUnitRefusal } from './units.rules';

const unit = '11450100007712342F';
const department = { departmentCode: unit, roles: ['submitter'] };

describe('unit rules', () => {
  it('compares unit codes normalised: blanks and letter case carry no meaning', () => {
    expect(normalizedUnitCode(' 11450100007712342f ')).toBe(unit);
    expect(sameUnit(' 11450100007712342f', unit)).toBe(true);
    expect(sameUnit(unit, '11450100007712350X')).toBe(false);
  });

  it('lets a department write only records whose source unit it is; an administrator acts for any unit', () => {
    expect(sourceUnitRefusal(department, '11450100007712342f')).toBeNull();
    expect(sourceUnitRefusal(department, '11450100007712350X')).toBe(
      `department ${unit} may only write records whose source unit it is (source unit 11450100007712350X)`,
    );
    expect(actsForUnit({ departmentCode: unit, roles: ['admin'] }, '11450100007712350X')).toBe(true);
    expect(sourceUnitRefusal({ departmentCode: unit, roles: ['admin'] }, '11450100007712350X')).toBeNull();
  });

  it('谁认定、谁修复: the unit that decided the record decides its repair; an unknown deciding unit matches none', () => {
    expect(isDecidingUnit(unit, ' 11450100007712342f')).toBe(true);
    expect(isDecidingUnit(unit, '11450100007712350X')).toBe(false);
    expect(isDecidingUnit(unit, null)).toBe(false);
    expect(isDecidingUnit(undefined, unit)).toBe(false);
  });
});
