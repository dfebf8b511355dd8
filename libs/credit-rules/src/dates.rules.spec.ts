import { addDays, addMonths } from './dates.rules';

describe('calendar months: the same day N months later, clamped to the month end', () => {
  describe('given a day every month has', () => {
    it.each([
      ['2025-01-15', 3, '2025-04-15'],
      ['2025-10-31', 36, '2028-10-31'],
      ['2025-03-04', 36, '2028-03-04'],
    ])('when %s plus %i months, then %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  describe('given a day the target month lacks', () => {
    it.each([
      ['a 30th into a non-leap February', '2025-11-30', 3, '2026-02-28'],
      ['a 29th into a leap February', '2023-11-29', 3, '2024-02-29'],
      ['a 31st into a leap February', '2024-01-31', 1, '2024-02-29'],
      ['a 31st into a 30-day month', '2025-03-31', 1, '2025-04-30'],
    ])('when %s (%s plus %i months), then the month end %s', (_what, date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  describe('given 29 February', () => {
    it('when 12 months later (a non-leap year), then 28 February', () => {
      expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    });
    it('when 48 months later (a leap year again), then 29 February', () => {
      expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    });
    it('when 3 months later, then 29 May (the day exists)', () => {
      expect(addMonths('2024-02-29', 3)).toBe('2024-05-29');
    });
  });

  describe('given the year end', () => {
    it.each([
      ['2025-12-31', 1, '2026-01-31'],
      ['2025-12-31', 2, '2026-02-28'],
      ['2025-12-31', 12, '2026-12-31'],
      ['2025-10-31', 3, '2026-01-31'],
      ['2026-01-31', -1, '2025-12-31'],
    ])('when %s plus %i months, then %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  it('given something that is not a calendar date, when months are added, then it refuses', () => {
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2025-2-3', 1)).toThrow(RangeError);
  });
});

describe('days', () => {
  it.each([
    ['the year end', '2025-12-31', 1, '2026-01-01'],
    ['back over the year end', '2026-01-01', -1, '2025-12-31'],
    ['into 29 February of a leap year', '2024-02-28', 1, '2024-02-29'],
    ['past 28 February of a non-leap year', '2025-02-28', 1, '2025-03-01'],
    ['back from 1 March of a leap year', '2024-03-01', -1, '2024-02-29'],
    ['a whole leap year', '2024-01-01', 366, '2025-01-01'],
    ['no days', '2025-06-15', 0, '2025-06-15'],
  ])('given %s, when %s plus %i days, then %s', (_what, date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('given a list term of 36 months ending the day before, when counted from 2025-03-04, then 2028-03-03', () => {
    expect(addDays(addMonths('2025-03-04', 36), -1)).toBe('2028-03-03');
  });
});
