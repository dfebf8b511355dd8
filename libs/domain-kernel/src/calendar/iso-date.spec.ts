import fc from 'fast-check';
import { calendarDateOfEpochDay, dayOfWeek, epochDayOf, formatIsoDate, InvalidDateError, isIsoDate, parseIsoDate, requireIsoDate } from './iso-date';
import { todayInShanghai, toShanghaiDate } from './shanghai-time';

describe('ISO dates (YYYY-MM-DD)', () => {
  it.each([
    ['2025-01-05', { year: 2025, month: 1, day: 5 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['9999-12-31', { year: 9999, month: 12, day: 31 }],
  ])('parses %s', (value, parts) => {
    expect(parseIsoDate(value)).toEqual(parts);
    expect(requireIsoDate(value)).toEqual(parts);
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2025-02-30',
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-00-10',
    '2025-12-32',
    '0000-01-01',
    '2025-1-05',
    '25-01-05',
    '2025-01-05T00:00:00+08:00',
    '2025-01-05 ',
    '２０２５-01-05',
    '+02025-01-05',
    '',
  ])('rejects %j', (value) => {
    expect(parseIsoDate(value)).toBeNull();
    expect(() => requireIsoDate(value)).toThrow(InvalidDateError);
    expect(isIsoDate(value)).toBe(false);
  });

  it('rejects what is not a string', () => {
    for (const value of [undefined, null, 20250105, new Date(), {}]) {
      expect(isIsoDate(value)).toBe(false);
      expect(parseIsoDate(value)).toBeNull();
      expect(() => requireIsoDate(value as unknown as string)).toThrow(InvalidDateError);
    }
  });

  it('agrees with the proleptic Gregorian calendar of Date for day numbers and weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (epochDay) => {
        const viaDate = new Date(epochDay * 86_400_000);
        const date = calendarDateOfEpochDay(epochDay);
        expect(formatIsoDate(date)).toBe(viaDate.toISOString().slice(0, 10));
        expect(epochDayOf(date)).toBe(epochDay);
        expect(dayOfWeek(date)).toBe(viaDate.getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Shanghai dates of instants', () => {
  it.each<[Date | number | string, string]>([
    ['2025-01-01T15:59:59.999Z', '2025-01-01'],
    ['2025-01-01T16:00:00Z', '2025-01-02'],
    ['2025-01-02T00:30:00+08:00', '2025-01-02'],
    ['2024-12-31T23:00:00-05:00', '2025-01-01'],
    [new Date('2025-06-30T20:00:00Z'), '2025-07-01'],
    [Date.UTC(2025, 11, 31, 16), '2026-01-01'],
  ])('%p falls on %s in Shanghai', (instant, date) => {
    expect(toShanghaiDate(instant)).toBe(date);
  });

  it.each(['2025-01-02T10:00:00', '2025-02-30T10:00:00Z', '2025-01-02', 'yesterday', '2025-01-02T24:00:00Z'])(
    'refuses the ambiguous or impossible timestamp %j',
    (value) => {
      expect(() => toShanghaiDate(value)).toThrow(InvalidDateError);
    },
  );

  it('refuses an invalid Date', () => {
    expect(() => toShanghaiDate(new Date('nonsense'))).toThrow(InvalidDateError);
  });

  it('gives today in Shanghai for an injected clock and for the real one', () => {
    expect(todayInShanghai(new Date('2025-10-07T17:00:00Z'))).toBe('2025-10-08');
    expect(isIsoDate(todayInShanghai())).toBe(true);
  });
});
