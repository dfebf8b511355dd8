import { inspectionPlanDate, inspectionPlanPublicFrom, isInspectionPlanPublic } from './inspection.rules';

describe('一公开: an inspection plan is public from the day after its date', () => {
  it('takes the inspection date as the plan date, the draw day when none was given', () => {
    expect(inspectionPlanDate({ drawnOn: '2026-12-07', inspectionDate: '2026-12-15' })).toBe('2026-12-15');
    expect(inspectionPlanDate({ drawnOn: '2026-12-07' })).toBe('2026-12-07');
  });

  it('publishes from the next calendar day, across a month and a year end', () => {
    expect(inspectionPlanPublicFrom({ drawnOn: '2026-12-07' })).toBe('2026-12-08');
    expect(inspectionPlanPublicFrom({ drawnOn: '2026-12-01', inspectionDate: '2026-12-31' })).toBe('2027-01-01');
  });

  it('hides the plan up to and on its date, shows it after', () => {
    const plan = { drawnOn: '2026-12-01', inspectionDate: '2026-12-10' };
    expect(isInspectionPlanPublic(plan, '2026-12-01')).toBe(false);
    expect(isInspectionPlanPublic(plan, '2026-12-10')).toBe(false);
    expect(isInspectionPlanPublic(plan, '2026-12-11')).toBe(true);
    expect(isInspectionPlanPublic(plan, '2027-03-01')).toBe(true);
  });
});
