import { collectionFigures, rankDepartments, repeatedPenalties, seriousPenaltySurge, timelinessDrop } from './monitoring.rules';

describe('collection figures', () => {
  it('computes 报送率, 及时率, 准确率, 入库率 and the score from the counts, by hand', () => {
    // 8 stored, 2 refused, 6 timely, 1 corrected; 5 catalog matters, 3 reported.
    const f = collectionFigures({ departmentCode: 'A', stored: 8, refused: 2, timely: 6, corrected: 1, catalogMatters: 5, mattersReported: 3 });
    expect(f).toMatchObject({ received: 10, reportingRate: 0.6, timelinessRate: 0.75, accuracyRate: 0.875, storageRate: 0.8 });
    expect(f.score).toBe(0.7563); // (0.6 + 0.75 + 0.875 + 0.8) / 4 = 0.75625
  });

  it('has no rate without a denominator: no catalog, nothing stored', () => {
    const f = collectionFigures({ departmentCode: 'B', stored: 0, refused: 3, timely: 0, corrected: 0, catalogMatters: 0, mattersReported: 0 });
    expect(f).toMatchObject({ reportingRate: null, timelinessRate: null, accuracyRate: null, storageRate: 0, score: 0 });
  });

  it('ranks the best score first, equal scores sharing a rank, no figures last', () => {
    const ranked = rankDepartments([
      { ...collectionFigures({ departmentCode: 'C', stored: 0, refused: 0, timely: 0, corrected: 0, catalogMatters: 0, mattersReported: 0 }) },
      collectionFigures({ departmentCode: 'B', stored: 4, refused: 0, timely: 4, corrected: 0, catalogMatters: 0, mattersReported: 0 }),
      collectionFigures({ departmentCode: 'A', stored: 4, refused: 0, timely: 4, corrected: 0, catalogMatters: 0, mattersReported: 0 }),
      collectionFigures({ departmentCode: 'D', stored: 4, refused: 4, timely: 2, corrected: 0, catalogMatters: 0, mattersReported: 0 }),
    ]);
    expect(ranked.map((f) => [f.departmentCode, f.rank])).toEqual([['A', 1], ['B', 1], ['D', 3], ['C', 4]]);
  });
});

describe('warning rules', () => {
  it('REPEATED_PENALTIES v1: three penalties within 90 days fire; the third on day 91 does not', () => {
    expect(repeatedPenalties(['2026-01-01', '2026-02-15', '2026-03-31'], '2026-03-31')).toMatchObject({ fires: true, count: 3, from: '2026-01-01' });
    // Near miss: the first is one day outside the 90-day window ending on 2026-04-01.
    expect(repeatedPenalties(['2026-01-01', '2026-02-15', '2026-04-01'], '2026-04-01')).toMatchObject({ fires: false, count: 2 });
    expect(repeatedPenalties(['2026-03-01', '2026-03-02'], '2026-03-02').fires).toBe(false);
  });

  it('SERIOUS_PENALTY_SURGE v1: at least twice the 12-month average (and at least 2) fires; just under does not', () => {
    const year = [1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 0, 0]; // 12 in 12 months: average 1
    expect(seriousPenaltySurge(2, year)).toEqual({ fires: true, average: 1 });
    expect(seriousPenaltySurge(1, year).fires).toBe(false);
    const busier = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1]; // 23: average 1.9167, twice 3.8333
    expect(seriousPenaltySurge(4, busier).fires).toBe(true);
    expect(seriousPenaltySurge(3, busier).fires).toBe(false);
    // One serious penalty after a quiet year is no surge.
    expect(seriousPenaltySurge(1, new Array(12).fill(0)).fires).toBe(false);
  });

  it('TIMELINESS_DROP v1: under 90 % over at least 5 records fires; exactly 90 % or too few records do not', () => {
    expect(timelinessDrop(10, 8)).toEqual({ fires: true, rate: 0.8 });
    expect(timelinessDrop(10, 9)).toEqual({ fires: false, rate: 0.9 });
    expect(timelinessDrop(4, 0).fires).toBe(false);
  });
});
