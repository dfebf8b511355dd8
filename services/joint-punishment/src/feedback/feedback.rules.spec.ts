import { coverageOf, monthBounds, monthlyFeedback } from './feedback.rules';

describe('monthly execution report', () => {
  it('bounds a month in Asia/Shanghai, December rolling over', () => {
    expect(monthBounds('2025-09')).toEqual({ from: new Date('2025-08-31T16:00:00Z'), to: new Date('2025-09-30T16:00:00Z') });
    expect(monthBounds('2025-12').to).toEqual(new Date('2025-12-31T16:00:00Z'));
  });

  it('covers an entry only when every applied measure has a report', () => {
    expect(
      coverageOf([
        { listEntryId: 'a', unitCode: 'U1', reported: true },
        { listEntryId: 'a', unitCode: 'U2', reported: false },
        { listEntryId: 'b', unitCode: 'U1', reported: true },
      ]),
    ).toEqual({ entries: 2, covered: 1, ratio: 0.5 });
    expect(coverageOf([])).toEqual({ entries: 0, covered: 0, ratio: null });
  });

  it('counts per unit and city-wide', () => {
    const report = monthlyFeedback(
      '2025-09',
      [{ unitCode: 'U1', count: 2 }, { unitCode: 'U2', count: 1 }],
      [{ unitCode: 'U2', count: 1 }],
      [{ unitCode: 'U1', outcome: 'APPLIED', count: 2 }, { unitCode: 'U2', outcome: 'LIFTED', count: 1 }],
      [{ listEntryId: 'a', unitCode: 'U1', reported: true }, { listEntryId: 'a', unitCode: 'U2', reported: false }],
    );
    expect(report.cityWide).toEqual({
      measuresApplied: 3,
      measuresLifted: 1,
      executions: { APPLIED: 2, NOT_APPLICABLE: 0, LIFTED: 1, total: 3 },
      coverage: { entries: 1, covered: 0, ratio: 0 },
    });
    expect(report.units.map((u) => [u.unitCode, u.measuresApplied, u.coverage.ratio])).toEqual([['U1', 2, 1], ['U2', 1, 0]]);
  });
});
