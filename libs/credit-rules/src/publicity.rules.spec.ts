import {
  inPublicity,
  inPublicitySql,
  minimumPeriodOver,
  minimumPeriodOverSql,
  publicityEnded,
  publicityEndedSql,
  publicityStarted,
  publicityWindow,
  regimeOn,
  type PublicityDates,
  type PublicityInput,
} from './publicity.rules';

const input = (over: Partial<PublicityInput>): PublicityInput => ({
  decidedOn: '2025-03-10',
  severity: 'GENERAL',
  categories: ['罚款'],
  procedure: 'ORDINARY',
  ...over,
});

/** The published window of a penalty, for the predicates. */
function windowOf(over: Partial<PublicityInput>): PublicityDates {
  const window = publicityWindow(input(over));
  if (window.status !== 'PUBLISHED') throw new Error(`expected a published window, got ${window.reason}`);
  return window;
}

/** Where the window stands on a day, through every predicate. */
const standing = (window: PublicityDates, day: string) => ({
  started: publicityStarted(window, day),
  inPublicity: inPublicity(window, day),
  ended: publicityEnded(window, day),
  repairable: minimumPeriodOver(window, day),
});

describe('the regime in force on each regime start date', () => {
  it.each([
    ['the day before NDRC Order 58', '2023-04-30', 'NDRC-2019-527'],
    ['NDRC Order 58 start', '2023-05-01', 'NDRC-ORDER-58'],
    ['the day before Order 36 (2025)', '2026-03-31', 'NDRC-ORDER-58'],
    ['Order 36 (2025) start', '2026-04-01', 'NDRC-2025-ORDER-36'],
  ])('given a decision on %s (%s), then it falls under %s', (_what, decidedOn, regime) => {
    expect(regimeOn(decidedOn).id).toBe(regime);
  });
});

describe('the publicity window of a GENERAL penalty decided 2025-03-10 (Order 58: 3 to 36 months)', () => {
  const window = windowOf({ decidedOn: '2025-03-10' });

  it('given the decision, then publicity runs from 2025-03-10, minimum until 2025-06-10, maximum until 2028-03-10', () => {
    expect(window).toMatchObject({ from: '2025-03-10', minimumUntil: '2025-06-10', maximumUntil: '2028-03-10' });
  });

  it.each`
    day             | what                            | started  | inPublicity | ended    | repairable
    ${'2025-03-09'} | ${'the day before the decision'} | ${false} | ${false}    | ${false} | ${false}
    ${'2025-03-10'} | ${'the decision date (from)'}    | ${true}  | ${true}     | ${false} | ${false}
    ${'2025-06-09'} | ${'the day before minimumUntil'} | ${true}  | ${true}     | ${false} | ${false}
    ${'2025-06-10'} | ${'minimumUntil'}                | ${true}  | ${true}     | ${false} | ${true}
    ${'2025-12-31'} | ${'the year end'}                | ${true}  | ${true}     | ${false} | ${true}
    ${'2026-01-01'} | ${'new year'}                    | ${true}  | ${true}     | ${false} | ${true}
    ${'2028-03-09'} | ${'the day before maximumUntil'} | ${true}  | ${true}     | ${false} | ${true}
    ${'2028-03-10'} | ${'maximumUntil'}                | ${true}  | ${false}    | ${true}  | ${true}
    ${'2028-03-11'} | ${'the day after maximumUntil'}  | ${true}  | ${false}    | ${true}  | ${true}
  `('when it is $day ($what), then in publicity: $inPublicity, ended: $ended, repairable: $repairable', ({ day, started, inPublicity, ended, repairable }) => {
    expect(standing(window, day)).toEqual({ started, inPublicity, ended, repairable });
  });
});

describe('windows around 29 February', () => {
  it('given a SERIOUS penalty of 2024-02-29 under Order 58 (36 months), when the maximum falls in a non-leap year, then it is 2027-02-28: 02-27 is the last day shown', () => {
    const window = windowOf({ decidedOn: '2024-02-29', severity: 'SERIOUS' });
    expect(window).toMatchObject({ from: '2024-02-29', minimumUntil: '2024-05-29', maximumUntil: '2027-02-28' });
    expect(standing(window, '2027-02-27')).toMatchObject({ inPublicity: true, ended: false });
    expect(standing(window, '2027-02-28')).toMatchObject({ inPublicity: false, ended: true });
    expect(standing(window, '2027-03-01')).toMatchObject({ inPublicity: false, ended: true });
  });

  it('given a GENERAL penalty of 2027-02-28 under Order 36 (12 months), when the maximum falls in a leap year, then it is 2028-02-28 and 29 February is past it', () => {
    const window = windowOf({ decidedOn: '2027-02-28' });
    expect(window).toMatchObject({ minimumUntil: '2027-05-28', maximumUntil: '2028-02-28' });
    expect(standing(window, '2028-02-27')).toMatchObject({ inPublicity: true });
    expect(standing(window, '2028-02-28')).toMatchObject({ inPublicity: false, ended: true });
    expect(standing(window, '2028-02-29')).toMatchObject({ inPublicity: false, ended: true });
  });

  it('given a GENERAL penalty of 2023-11-30 (3 months minimum), when the minimum ends in a leap February, then it is 2024-02-29 and the subject may apply from that day', () => {
    const window = windowOf({ decidedOn: '2023-11-30' });
    expect(window.minimumUntil).toBe('2024-02-29');
    expect(standing(window, '2024-02-28')).toMatchObject({ repairable: false, inPublicity: true });
    expect(standing(window, '2024-02-29')).toMatchObject({ repairable: true, inPublicity: true });
  });

  it('given a GENERAL penalty of 2025-11-30 (3 months minimum), when the minimum ends in a non-leap February, then it is 2026-02-28', () => {
    const window = windowOf({ decidedOn: '2025-11-30' });
    expect(window.minimumUntil).toBe('2026-02-28');
    expect(standing(window, '2026-02-27')).toMatchObject({ repairable: false });
    expect(standing(window, '2026-02-28')).toMatchObject({ repairable: true });
  });
});

describe('windows at the year end', () => {
  it('given a GENERAL penalty decided 2026-12-31 under Order 36 (3 to 12 months), then minimum until 2027-03-31 and maximum until 2027-12-31, its last day shown 2027-12-30', () => {
    const window = windowOf({ decidedOn: '2026-12-31' });
    expect(window).toMatchObject({ minimumUntil: '2027-03-31', maximumUntil: '2027-12-31' });
    expect(standing(window, '2027-12-30')).toMatchObject({ inPublicity: true });
    expect(standing(window, '2027-12-31')).toMatchObject({ inPublicity: false, ended: true });
    expect(standing(window, '2028-01-01')).toMatchObject({ inPublicity: false, ended: true });
  });
});

describe('windows at each regime start', () => {
  it.each`
    decidedOn       | severity     | specialSector    | regime                  | minimumUntil    | maximumUntil
    ${'2023-04-30'} | ${'GENERAL'} | ${undefined}     | ${'NDRC-2019-527'}      | ${'2023-07-30'} | ${'2024-04-30'}
    ${'2023-05-01'} | ${'GENERAL'} | ${undefined}     | ${'NDRC-ORDER-58'}      | ${'2023-08-01'} | ${'2026-05-01'}
    ${'2023-05-01'} | ${'GENERAL'} | ${'WORK_SAFETY'} | ${'NDRC-ORDER-58'}      | ${'2024-05-01'} | ${'2026-05-01'}
    ${'2026-03-31'} | ${'SERIOUS'} | ${undefined}     | ${'NDRC-ORDER-58'}      | ${'2026-06-30'} | ${'2029-03-31'}
    ${'2026-04-01'} | ${'GENERAL'} | ${undefined}     | ${'NDRC-2025-ORDER-36'} | ${'2026-07-01'} | ${'2027-04-01'}
    ${'2026-04-01'} | ${'SERIOUS'} | ${'FIRE_SAFETY'} | ${'NDRC-2025-ORDER-36'} | ${'2027-04-01'} | ${'2029-04-01'}
  `(
    'given a $severity penalty of $decidedOn (sector $specialSector) under $regime, then in publicity up to the day before $maximumUntil',
    ({ decidedOn, severity, specialSector, regime, minimumUntil, maximumUntil }) => {
      const window = publicityWindow(input({ decidedOn, severity, specialSector }));
      expect(window).toEqual({ status: 'PUBLISHED', regime, from: decidedOn, minimumUntil, maximumUntil });
      const published = window as PublicityDates;
      expect(inPublicity(published, decidedOn)).toBe(true);
      expect(minimumPeriodOver(published, minimumUntil)).toBe(true);
      expect(inPublicity(published, maximumUntil)).toBe(false);
    },
  );

  it('given a minor penalty (警告 by summary procedure) of the Order 36 start date, then it is not published at all', () => {
    expect(publicityWindow(input({ decidedOn: '2026-04-01', categories: ['警告'], procedure: 'SUMMARY' }))).toEqual({
      status: 'NOT_PUBLISHED',
      regime: 'NDRC-2025-ORDER-36',
      reason: 'MINOR_PENALTY',
    });
  });
});

describe('the same rules as SQL, for code that filters in SQL', () => {
  it('given a column and a bind parameter, then each fragment is the predicate written as SQL', () => {
    expect(publicityEndedSql('maximum_until', '$1')).toBe('maximum_until <= $1::date');
    expect(minimumPeriodOverSql('minimum_until', '$2')).toBe('minimum_until <= $2::date');
    expect(inPublicitySql('publicity_from', 'maximum_until', '$1')).toBe('(publicity_from <= $1::date AND NOT (maximum_until <= $1::date))');
    expect(publicityEndedSql('p.maximum_until', 'd.day')).toBe('p.maximum_until <= d.day::date');
  });

  it('given anything but a plain column or a bind parameter, then it refuses rather than build SQL from it', () => {
    expect(() => publicityEndedSql('maximum_until; DROP TABLE penalties', '$1')).toThrow(RangeError);
    expect(() => publicityEndedSql('maximum_until', "'2026-01-01'")).toThrow(RangeError);
    expect(() => minimumPeriodOverSql('minimum_until', '$0')).toThrow(RangeError);
  });
});
