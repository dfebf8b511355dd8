import fc from 'fast-check';
import { CHINA_WORKING_DAY_CALENDAR, WorkingDayCalendarYear } from './calendar-data';
import { InvalidDateError } from './iso-date';
import { CalendarDataError, recomputeDeadline, WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar();

describe('working-day calendar (Asia/Shanghai)', () => {
  it.each([
    // date, working?, why
    ['2025-01-01', false, '元旦 on a Wednesday'],
    ['2025-01-26', true, 'Sunday worked before the Spring Festival'],
    ['2025-02-04', false, 'last day of the Spring Festival'],
    ['2025-02-08', true, 'Saturday worked after the Spring Festival'],
    ['2025-03-08', false, 'ordinary Saturday'],
    ['2025-03-10', true, 'ordinary Monday'],
    ['2025-10-08', false, 'last day of National Day and Mid-Autumn'],
    ['2025-10-11', true, 'Saturday worked after National Day'],
    ['2024-02-18', true, 'Sunday worked after the 2024 Spring Festival'],
    ['2024-06-10', false, 'Dragon Boat Festival 2024'],
    ['2026-01-02', false, '元旦 2026, a Friday'],
    ['2026-01-04', true, 'Sunday worked after 元旦 2026'],
    ['2026-02-23', false, 'last day of the 2026 Spring Festival, a Monday'],
    ['2026-02-28', true, 'Saturday worked after the 2026 Spring Festival'],
    ['2026-09-25', false, 'Mid-Autumn 2026, a Friday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  describe('"within N working days of D": the end of the N-th working day after D', () => {
    it.each([
      // D, N, N-th working day after D, why
      ['2025-09-26', 7, '2025-10-13', '双公示 7 days across National Day: Sunday 09-28 and Saturday 10-11 worked, 10-01..08 off'],
      ['2026-02-13', 1, '2026-02-14', 'the next day is a Saturday worked before the Spring Festival'],
      ['2025-01-27', 1, '2025-02-05', 'the whole Spring Festival is skipped'],
      ['2024-12-31', 1, '2025-01-02', 'across the year boundary and 元旦'],
      ['2024-02-08', 3, '2024-02-19', 'Spring Festival 2024 with its Sunday worked (02-18)'],
      ['2024-09-27', 2, '2024-09-30', 'Sunday 09-29 worked'],
      ['2025-04-30', 1, '2025-05-06', 'Labour Day'],
      ['2025-05-30', 1, '2025-06-03', 'Dragon Boat Festival 2025'],
      ['2026-09-24', 4, '2026-10-08', 'Mid-Autumn and National Day 2026'],
      ['2026-09-30', 5, '2026-10-13', 'objection answer in 5 working days, Saturday 10-10 worked'],
      ['2025-12-31', 3, '2026-01-06', 'repair feedback in 3 working days, Sunday 2026-01-04 worked'],
      ['2025-03-01', 1, '2025-03-03', 'from a Saturday'],
      ['2025-03-03', 1, '2025-03-04', 'D itself does not count'],
      ['2025-03-03', 0, '2025-03-03', 'zero working days'],
    ])('%s + %i working days → %s (%s)', (date, n, expected) => {
      expect(calendar.addWorkingDays(date, n)).toBe(expected);
      expect(calendar.deadlineOf(date, n)).toBe(`${expected}T23:59:59.999+08:00`);
      expect(calendar.workingDaysBetween(date, expected)).toBe(n);
    });

    it('gives a deadline instant in Shanghai time', () => {
      expect(new Date(calendar.deadlineOf('2025-09-26', 7)).toISOString()).toBe('2025-10-13T15:59:59.999Z');
    });

    it.each([-1, 1.5, Number.NaN])('rejects %p working days', (n) => {
      expect(() => calendar.addWorkingDays('2025-03-03', n)).toThrow(RangeError);
    });
  });

  describe('working days between two dates', () => {
    it.each([
      ['2024-12-31', '2025-12-31', 248],
      ['2023-12-31', '2024-12-31', 251],
      ['2025-12-31', '2026-12-31', 248],
      ['2025-09-26', '2025-10-13', 7],
      ['2025-10-13', '2025-09-26', -7],
      ['2025-03-08', '2025-03-09', 0],
      ['2025-03-10', '2025-03-10', 0],
    ])('from %s to %s: %i', (from, to, expected) => {
      expect(calendar.workingDaysBetween(from, to)).toBe(expected);
    });

    it('is the inverse of addWorkingDays', () => {
      const dateIn2024To2026 = fc
        .integer({ min: 0, max: 365 * 3 - 40 })
        .map((offset) => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10));
      fc.assert(
        fc.property(dateIn2024To2026, fc.integer({ min: 0, max: 20 }), (date, n) => {
          const due = calendar.addWorkingDays(date, n);
          expect(calendar.workingDaysBetween(date, due)).toBe(n);
          if (n > 0) expect(calendar.isWorkingDay(due)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('years without a published schedule', () => {
    it('are provisional, computed from the holiday law: nothing throws for a missing year', () => {
      expect(calendar.years).toEqual([2024, 2025, 2026]);
      expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
      expect(calendar.isWorkingDay('2027-03-01')).toBe(true);
      expect(calendar.isWorkingDay('2023-06-01')).toBe(true);
      expect(calendar.workingDaysBetween('2026-12-01', '2027-01-10')).toBe(27);
      expect(calendar.yearView(2027)).toMatchObject({ year: 2027, provisional: true, version: 0, workingWeekendDays: [] });
      expect(calendar.yearView(2026)).toMatchObject({ year: 2026, provisional: false, version: 1 });
    });

    it('a deadline records the calendar of every year it spans, and whether any was provisional', () => {
      expect(calendar.deadline('2026-12-28', 5)).toEqual({
        from: '2026-12-28',
        workingDays: 5,
        dueOn: '2027-01-05',
        dueBy: '2027-01-05T23:59:59.999+08:00',
        provisional: true,
        calendar: [
          { year: 2026, version: 1, provisional: false },
          { year: 2027, version: 0, provisional: true },
        ],
      });
      expect(calendar.deadline('2026-03-02', 5)).toMatchObject({ dueOn: '2026-03-09', provisional: false, calendar: [{ year: 2026, version: 1, provisional: false }] });
    });

    it('a published year replaces the provisional one, under its version', () => {
      const published = calendar.withYear({ year: 2027, version: 1, source: 'test notice', holidays: [['2027-01-01', '2027-01-04']], workingWeekendDays: [] });
      expect(published.deadline('2026-12-28', 5)).toMatchObject({ dueOn: '2027-01-06', provisional: false, calendar: [{ year: 2026, version: 1 }, { year: 2027, version: 1, provisional: false }] });
      expect(published.years).toEqual([2024, 2025, 2026, 2027]);
      expect(calendar.deadline('2026-12-28', 5).dueOn).toBe('2027-01-05');
    });
  });

  describe('invalid dates', () => {
    it.each(['2025-02-30', '2025-02-29', '2025-13-01', '2025-1-5', '2025/01/05', '20250105', '2025-01-05T00:00:00Z', ' 2025-01-05', ''])(
      'rejects %j',
      (date) => {
        expect(() => calendar.isWorkingDay(date)).toThrow(InvalidDateError);
        expect(() => calendar.addWorkingDays(date, 1)).toThrow(InvalidDateError);
        expect(() => calendar.workingDaysBetween('2025-01-05', date)).toThrow(InvalidDateError);
      },
    );
  });

  describe('calendar data', () => {
    const year2025 = CHINA_WORKING_DAY_CALENDAR.find((entry) => entry.year === 2025) as WorkingDayCalendarYear;

    it.each<[string, WorkingDayCalendarYear[], RegExp]>([
      ['a working weekend day that is a weekday', [{ ...year2025, workingWeekendDays: ['2025-01-27'] }], /Saturday or Sunday/],
      ['a day both holiday and working', [{ ...year2025, workingWeekendDays: ['2025-02-01'] }], /inside a holiday/],
      ['a date outside its year', [{ ...year2025, holidays: [['2024-12-31', '2025-01-01']] }], /outside 2025/],
      ['a range ending before it starts', [{ ...year2025, holidays: [['2025-02-04', '2025-01-28']] }], /ends .* before it starts/],
      ['a year given twice', [year2025, year2025], /twice/],
    ])('refuses %s', (_label, years, message) => {
      expect(() => new WorkingDayCalendar({ years })).toThrow(CalendarDataError);
      expect(() => new WorkingDayCalendar({ years })).toThrow(message);
    });

    it('can be given other years', () => {
      const only2025 = new WorkingDayCalendar({ years: [year2025] });
      expect(only2025.years).toEqual([2025]);
      expect(only2025.isWorkingDay('2024-06-03')).toBe(true);
      expect(only2025.yearView(2024).provisional).toBe(true);
    });
  });
});

describe('recomputing a recorded deadline after a publication', () => {
  const provisional = new WorkingDayCalendar();
  const published = provisional.withYear({ year: 2027, version: 1, source: 'notice', holidays: [['2027-01-01', '2027-01-04']], workingWeekendDays: [] });

  it('moves a deadline that a new holiday pushes back, saying it did not move earlier', () => {
    const recorded = provisional.deadline('2026-12-28', 5);
    expect(recomputeDeadline(recorded, '2026-12-28', 5, published)).toEqual({
      deadline: expect.objectContaining({ dueBy: '2027-01-06T23:59:59.999+08:00', provisional: false }),
      previousDueBy: '2027-01-05T23:59:59.999+08:00',
      movedEarlier: false,
    });
  });

  it('reports a confirmation when only the calendar changed, and nothing when nothing did', () => {
    const unchangedDays = provisional.withYear({ year: 2027, version: 1, source: 'notice', holidays: [['2027-01-01', '2027-01-01']], workingWeekendDays: [] });
    const recorded = provisional.deadline('2026-12-28', 5);
    expect(recomputeDeadline(recorded, '2026-12-28', 5, unchangedDays)).toMatchObject({ deadline: { dueOn: '2027-01-05', provisional: false }, movedEarlier: false });
    expect(recomputeDeadline(unchangedDays.deadline('2026-12-28', 5), '2026-12-28', 5, unchangedDays)).toBeNull();
  });

  it('says so when a deadline moves earlier (a working weekend day announced)', () => {
    // Friday 2027-01-29 + 1 working day: Monday 02-01 provisionally; Sunday 01-31 once it is declared a working day.
    const recorded = provisional.deadline('2027-01-29', 1);
    const withMakeUpDay = provisional.withYear({ year: 2027, version: 1, source: 'notice', holidays: [['2027-02-05', '2027-02-11']], workingWeekendDays: ['2027-01-31'] });
    expect(recomputeDeadline(recorded, '2027-01-29', 1, withMakeUpDay)).toMatchObject({ deadline: { dueOn: '2027-01-31' }, previousDueBy: '2027-02-01T23:59:59.999+08:00', movedEarlier: true });
  });
});
