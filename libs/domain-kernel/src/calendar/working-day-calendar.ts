/**
 * Working days in Asia/Shanghai (domain rule: every 双公示, objection and repair deadline counts
 * them): Monday–Friday, minus statutory holidays, plus the weekend days declared working days.
 */
import { CHINA_WORKING_DAY_CALENDAR, WorkingDayCalendarYear } from './calendar-data';
import { calendarDateOfEpochDay, dayOfWeek, epochDayOf, formatIsoDate, IsoDate, requireIsoDate } from './iso-date';
import { SHANGHAI_UTC_OFFSET } from './shanghai-time';

/**
 * A date falls in a year the calendar has no data for. Guessing Monday–Friday would silently move
 * statutory deadlines, so this is an error to fix by adding the year's data.
 */
export class CalendarYearMissingError extends Error {
  override readonly name = 'CalendarYearMissingError';

  constructor(readonly year: number) {
    super(
      `the working-day calendar has no data for ${year}: add the State Council's holiday notice for ${year} ` +
        '(国务院办公厅关于部分节假日安排的通知) to the calendar data',
    );
  }
}

/** The calendar data contradicts itself (a working weekend day that is a weekday, overlapping years…). */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

export interface WorkingDayCalendarOptions {
  /** Defaults to the built-in national calendar. */
  readonly years?: readonly WorkingDayCalendarYear[];
  /** Years a service cannot run without; checked at construction, i.e. at start-up. */
  readonly requireYears?: Iterable<number>;
}

interface YearDays {
  readonly holidays: ReadonlySet<number>;
  readonly workingWeekendDays: ReadonlySet<number>;
}

export class WorkingDayCalendar {
  private readonly byYear: ReadonlyMap<number, YearDays>;

  constructor(options: WorkingDayCalendarOptions = {}) {
    this.byYear = indexYears(options.years ?? CHINA_WORKING_DAY_CALENDAR);
    if (options.requireYears) this.assertYears(options.requireYears);
  }

  /** The years this calendar can answer for, ascending. */
  get years(): readonly number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.byYear.has(year);
  }

  /** Throws {@link CalendarYearMissingError} for the first required year without data. */
  assertYears(years: Iterable<number>): void {
    for (const year of years) {
      if (!this.byYear.has(year)) throw new CalendarYearMissingError(year);
    }
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingEpochDay(epochDayOf(requireIsoDate(date)));
  }

  /**
   * The N-th working day after `date` ("within N working days of D"); D itself never counts, even
   * when it is a working day. N = 0 gives D.
   */
  addWorkingDays(date: IsoDate, workingDays: number): IsoDate {
    if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
      throw new RangeError(`a number of working days must be a non-negative integer, got ${workingDays}`);
    }
    let day = epochDayOf(requireIsoDate(date));
    for (let counted = 0; counted < workingDays; ) {
      day += 1;
      if (this.isWorkingEpochDay(day)) counted += 1;
    }
    return formatIsoDate(calendarDateOfEpochDay(day));
  }

  /**
   * The end of the N-th working day after `date`, Shanghai time. Timeliness is judged by comparing
   * instants with this deadline, not by counting working days: a report on the weekend after the
   * last working day counts no extra working day, yet it is late.
   */
  deadlineOf(date: IsoDate, workingDays: number): string {
    return `${this.addWorkingDays(date, workingDays)}T23:59:59.999${SHANGHAI_UTC_OFFSET}`;
  }

  /**
   * Working days after `from` up to and including `to`, so that
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n`; negative when `to` is before `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const start = epochDayOf(requireIsoDate(from));
    const end = epochDayOf(requireIsoDate(to));
    const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
    let count = 0;
    for (let day = low + 1; day <= high; day++) {
      if (this.isWorkingEpochDay(day)) count += 1;
    }
    return sign * count;
  }

  private isWorkingEpochDay(epochDay: number): boolean {
    const date = calendarDateOfEpochDay(epochDay);
    const year = this.byYear.get(date.year);
    if (!year) throw new CalendarYearMissingError(date.year);
    if (year.holidays.has(epochDay)) return false;
    if (year.workingWeekendDays.has(epochDay)) return true;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }
}

/** Validates the data once, so that a typo in a new year's entry fails at start-up, not in a deadline. */
function indexYears(years: readonly WorkingDayCalendarYear[]): ReadonlyMap<number, YearDays> {
  const byYear = new Map<number, YearDays>();
  for (const entry of years) {
    const where = `calendar data for ${entry.year}`;
    if (byYear.has(entry.year)) throw new CalendarDataError(`${where} is given twice`);
    const dayOfYear = (date: IsoDate): number => {
      const parts = requireIsoDate(date);
      if (parts.year !== entry.year) throw new CalendarDataError(`${where} contains ${date}, outside ${entry.year}`);
      return epochDayOf(parts);
    };

    const holidays = new Set<number>();
    for (const [from, to] of entry.holidays) {
      const [start, end] = [dayOfYear(from), dayOfYear(to)];
      if (end < start) throw new CalendarDataError(`${where} has a holiday range ${from}..${to} that ends before it starts`);
      for (let day = start; day <= end; day++) holidays.add(day);
    }

    const workingWeekendDays = new Set<number>();
    for (const date of entry.workingWeekendDays) {
      const day = dayOfYear(date);
      const weekday = dayOfWeek(requireIsoDate(date));
      if (weekday !== 0 && weekday !== 6) throw new CalendarDataError(`${where} lists ${date} as a working weekend day, but it is a weekday`);
      if (holidays.has(day)) throw new CalendarDataError(`${where} lists ${date} both as a holiday and as a working day`);
      workingWeekendDays.add(day);
    }
    byYear.set(entry.year, { holidays, workingWeekendDays });
  }
  return byYear;
}
