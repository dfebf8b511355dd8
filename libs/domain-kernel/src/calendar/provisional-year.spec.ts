/**
 * Provisional years against the law (《全国年节及纪念日放假办法》, 2024 amendment), with the lunar
 * and solar-term dates found here independently of the implementation: by walking each day of the
 * year through `Solar → Lunar` instead of going from lunar dates to solar ones.
 */
import fc from 'fast-check';
import { Solar } from 'lunar-typescript';
import { CHINA_WORKING_DAY_CALENDAR } from './calendar-data';
import { calendarYearErrors } from './calendar-year';
import { provisionalCalendarYear } from './provisional-year';
import { WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar();

/** Every day of `year` as YYYY-MM-DD, with its lunar month/day and solar term. */
function daysOf(year: number): { date: string; lunarMonth: number; lunarDay: number; jieQi: string; weekday: number }[] {
  const days = [];
  for (let solar = Solar.fromYmd(year, 1, 1); solar.getYear() === year; solar = solar.next(1)) {
    const lunar = solar.getLunar();
    days.push({ date: solar.toYmd(), lunarMonth: lunar.getMonth(), lunarDay: lunar.getDay(), jieQi: lunar.getJieQi(), weekday: solar.getWeek() });
  }
  return days;
}

/** The law's holidays of `year`, found day by day. */
function lawHolidays(year: number): Set<string> {
  const days = daysOf(year);
  const holidays = new Set<string>([`${year}-01-01`, `${year}-05-01`, `${year}-05-02`, `${year}-10-01`, `${year}-10-02`, `${year}-10-03`]);
  days.forEach((day, i) => {
    const next = days[i + 1];
    // 正月初一至初三 (a non-leap first month: getMonth() is negative in a leap month).
    if (day.lunarMonth === 1 && day.lunarDay <= 3) holidays.add(day.date);
    // 除夕: the day before 正月初一.
    if (next && next.lunarMonth === 1 && next.lunarDay === 1) holidays.add(day.date);
    if (day.jieQi === '清明') holidays.add(day.date);
    if (day.lunarMonth === 5 && day.lunarDay === 5) holidays.add(day.date);
    if (day.lunarMonth === 8 && day.lunarDay === 15) holidays.add(day.date);
  });
  return holidays;
}

describe('provisional calendar years', () => {
  it.each([2027, 2028, 2029, 2030])('%i: the law\'s holidays are the non-working days besides ordinary weekends, with no 调休', (year) => {
    const holidays = lawHolidays(year);
    // 元旦 1 + 春节 4 + 清明 1 + 劳动 2 + 端午 1 + 中秋 1 + 国庆 3, less any that fall on the same day.
    expect(holidays.size).toBeGreaterThanOrEqual(12);
    for (const day of daysOf(year)) {
      const weekend = day.weekday === 0 || day.weekday === 6;
      expect([day.date, calendar.isWorkingDay(day.date)]).toEqual([day.date, !weekend && !holidays.has(day.date)]);
    }
    const view = calendar.yearView(year);
    expect(view).toMatchObject({ year, provisional: true, version: 0, workingWeekendDays: [] });
    expect(view.source).toContain('全国年节及纪念日放假办法');
    expect(calendarYearErrors(view)).toEqual([]);
  });

  it('2027: 元旦 01-01, 春节 02-05…02-08 and 国庆 10-01…10-03 are not working days', () => {
    for (const date of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-10-01', '2027-10-03']) expect(calendar.isWorkingDay(date)).toBe(false);
    expect(calendar.isWorkingDay('2027-02-09')).toBe(true);
    expect(calendar.isWorkingDay('2027-10-04')).toBe(true);
  });

  it('a holiday on a weekend does not move: 2028 元旦 falls on a Saturday, and Monday 01-03 is a working day', () => {
    expect(calendar.isWorkingDay('2028-01-03')).toBe(true);
  });

  it('merges a festival that falls inside another into one range (中秋 2028-10-03 inside 国庆)', () => {
    const ranges = provisionalCalendarYear(2028).holidays;
    expect(ranges).toContainEqual(['2028-10-01', '2028-10-03']);
    expect(calendarYearErrors({ ...provisionalCalendarYear(2028) })).toEqual([]);
  });
});

describe('published years 2025 and 2026 are unchanged', () => {
  // The notices as the State Council published them, written out here again, day by day.
  const notices: Record<number, { off: [string, string][]; worked: string[] }> = {
    2025: {
      off: [['2025-01-01', '2025-01-01'], ['2025-01-28', '2025-02-04'], ['2025-04-04', '2025-04-06'], ['2025-05-01', '2025-05-05'], ['2025-05-31', '2025-06-02'], ['2025-10-01', '2025-10-08']],
      worked: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
    2026: {
      off: [['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'], ['2026-05-01', '2026-05-05'], ['2026-06-19', '2026-06-21'], ['2026-09-25', '2026-09-27'], ['2026-10-01', '2026-10-07']],
      worked: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  };

  it.each([2025, 2026])('%i: every day of the year', (year) => {
    const { off, worked } = notices[year];
    for (const day of daysOf(year)) {
      const expected = worked.includes(day.date) || (day.weekday !== 0 && day.weekday !== 6 && !off.some(([from, to]) => day.date >= from && day.date <= to));
      expect([day.date, calendar.isWorkingDay(day.date)]).toEqual([day.date, expected]);
    }
    expect(calendar.yearView(year)).toMatchObject({ provisional: false, version: 1 });
  });

  it('ships the published schedules that pass the publishing rules', () => {
    for (const entry of CHINA_WORKING_DAY_CALENDAR) expect(calendarYearErrors(entry)).toEqual([]);
  });
});

describe('deadlines on any year (property)', () => {
  it('dueBy is a working day (N > 0), never before `from`, and adding working days is monotone', () => {
    const day = fc.integer({ min: 0, max: 75 * 366 - 60 }).map((offset) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 30 }), (from, n) => {
        const due = calendar.addWorkingDays(from, n);
        expect(due >= from).toBe(true);
        if (n > 0) expect(calendar.isWorkingDay(due)).toBe(true);
        expect(calendar.addWorkingDays(from, n + 1) > due).toBe(true);
        expect(calendar.workingDaysBetween(from, due)).toBe(n);
        const deadline = calendar.deadline(from, n);
        expect(deadline.dueOn).toBe(due);
        expect(deadline.provisional).toBe(deadline.calendar.some((basis) => basis.provisional));
      }),
      { numRuns: 500 },
    );
  });
});
