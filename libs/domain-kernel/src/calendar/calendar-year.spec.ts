import { calendarYearError, calendarYearErrors, sameCalendarContent } from './calendar-year';

const valid = { year: 2027, source: '国务院办公厅关于2027年部分节假日安排的通知', holidays: [['2027-01-01', '2027-01-03'], ['2027-02-05', '2027-02-12']], workingWeekendDays: ['2027-02-20'] };

describe('the publishing rules of a calendar year', () => {
  it('accept a valid schedule', () => {
    expect(calendarYearErrors(valid)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a year out of range', { year: 2100 }, 'year', /2020 to 2099/],
    ['no source', { source: ' ' }, 'source', /source/],
    ['holidays not an array', { holidays: 'x' }, 'holidays', /array/],
    ['a range that is no pair', { holidays: [['2027-01-01']] }, 'holidays[0]', /pair/],
    ['an impossible date', { holidays: [['2027-02-30', '2027-03-01']] }, 'holidays[0][0]', /real date/],
    ['a date outside the year', { holidays: [['2026-12-31', '2027-01-01']] }, 'holidays[0][0]', /outside 2027/],
    ['a range ending before it starts', { holidays: [['2027-01-03', '2027-01-01']] }, 'holidays[0]', /before it starts/],
    ['overlapping ranges', { holidays: [['2027-01-01', '2027-01-03'], ['2027-01-03', '2027-01-04']] }, 'holidays[1]', /overlaps holidays\[0\]/],
    ['a working weekend day that is a weekday', { workingWeekendDays: ['2027-02-22'] }, 'workingWeekendDays[0]', /Saturday or Sunday/],
    ['a working weekend day inside a holiday', { workingWeekendDays: ['2027-02-06'] }, 'workingWeekendDays[0]', /inside a holiday/],
    ['a working weekend day given twice', { workingWeekendDays: ['2027-02-20', '2027-02-20'] }, 'workingWeekendDays[1]', /twice/],
  ])('refuse %s, naming the field', (_label, over, field, message) => {
    const errors = calendarYearErrors({ ...valid, ...over });
    expect(errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it.each([['2019'], ['2100'], ['abcd'], [2026.5], ['']])('a year parameter %p is refused', (year) => {
    expect(calendarYearError(year)).toMatchObject({ field: 'year' });
  });

  it('compare content regardless of order', () => {
    expect(sameCalendarContent(valid as never, { ...valid, holidays: [...valid.holidays].reverse() } as never)).toBe(true);
    expect(sameCalendarContent(valid as never, { ...valid, workingWeekendDays: [] } as never)).toBe(false);
  });
});
