/**
 * Working days in Asia/Shanghai (domain rule: every 双公示, objection and repair deadline counts
 * them): Monday–Friday, minus statutory holidays, plus the weekend days declared working days.
 */
import { CHINA_WORKING_DAY_CALENDAR, WorkingDayCalendarYear } from './calendar-data';
import { calendarYearErrors, type CalendarYearView, type PublishedCalendarYear } from './calendar-year';
import { provisionalCalendarYear } from './provisional-year';
import { calendarDateOfEpochDay, dayOfWeek, epochDayOf, formatIsoDate, IsoDate, requireIsoDate } from './iso-date';
import { SHANGHAI_UTC_OFFSET } from './shanghai-time';

/** The calendar data contradicts itself (a working weekend day that is a weekday, overlapping ranges…). */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

export interface WorkingDayCalendarOptions {
  /**
   * The published years (each with its version; 1 when not given). Defaults to the schedules the
   * platform shipped with; a service builds its calendar from the years published to it.
   */
  readonly years?: readonly (WorkingDayCalendarYear & { readonly version?: number })[];
}

/** The calendar a deadline was computed on, per year it touches. */
export interface CalendarBasis {
  year: number;
  /** 0 for a provisional year. */
  version: number;
  provisional: boolean;
}

/** A deadline "within N working days of D" and the calendar it was computed on. */
export interface Deadline {
  from: IsoDate;
  workingDays: number;
  /** The N-th working day after `from`. */
  dueOn: IsoDate;
  /** The end of that day, Shanghai time (`YYYY-MM-DDT23:59:59.999+08:00`). */
  dueBy: string;
  /** True when any year it spans has no published schedule yet. */
  provisional: boolean;
  /** Each year from `from` to `dueOn`, with the version it was computed on. */
  calendar: CalendarBasis[];
}

interface YearDays {
  readonly entry: WorkingDayCalendarYear;
  readonly version: number;
  readonly provisional: boolean;
  readonly holidays: ReadonlySet<number>;
  readonly workingWeekendDays: ReadonlySet<number>;
}

/**
 * Working days of any year: the published schedule where there is one, otherwise the provisional
 * year computed from the holiday law (no 调休). Never throws for a missing year.
 */
export class WorkingDayCalendar {
  private readonly published: ReadonlyMap<number, YearDays>;
  private readonly provisional = new Map<number, YearDays>();

  constructor(options: WorkingDayCalendarOptions = {}) {
    const published = new Map<number, YearDays>();
    const years: NonNullable<WorkingDayCalendarOptions['years']> = options.years ?? CHINA_WORKING_DAY_CALENDAR;
    for (const entry of years) {
      if (published.has(entry.year)) throw new CalendarDataError(`calendar data for ${entry.year} is given twice`);
      published.set(entry.year, indexYear(entry, entry.version ?? 1, false));
    }
    this.published = published;
  }

  /** The years with a published schedule, ascending. */
  get years(): readonly number[] {
    return [...this.published.keys()].sort((a, b) => a - b);
  }

  /** Whether `year` has a published schedule (otherwise it is provisional). */
  hasYear(year: number): boolean {
    return this.published.has(year);
  }

  /** A new calendar with `entry` as the published schedule of its year (replacing an older version). */
  withYear(entry: PublishedCalendarYear): WorkingDayCalendar {
    const years = [...this.published.values()].filter((y) => y.entry.year !== entry.year).map((y) => ({ ...y.entry, version: y.version }));
    return new WorkingDayCalendar({ years: [...years, entry] });
  }

  /** How `year` stands: its published schedule, or the provisional one. */
  yearView(year: number): CalendarYearView {
    const days = this.yearDays(year);
    return {
      year,
      provisional: days.provisional,
      version: days.version,
      source: days.entry.source,
      holidays: days.entry.holidays.map(([from, to]) => [from, to] as [IsoDate, IsoDate]),
      workingWeekendDays: [...days.entry.workingWeekendDays],
    };
  }

  /** The calendar basis of `year`: its version and whether it is provisional. */
  basisOf(year: number): CalendarBasis {
    const days = this.yearDays(year);
    return { year, version: days.version, provisional: days.provisional };
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

  /** {@link deadlineOf} with the calendar it was computed on (what a recorded deadline keeps). */
  deadline(from: IsoDate, workingDays: number): Deadline {
    const dueOn = this.addWorkingDays(from, workingDays);
    const calendar: CalendarBasis[] = [];
    for (let year = requireIsoDate(from).year; year <= requireIsoDate(dueOn).year; year++) calendar.push(this.basisOf(year));
    return {
      from,
      workingDays,
      dueOn,
      dueBy: `${dueOn}T23:59:59.999${SHANGHAI_UTC_OFFSET}`,
      provisional: calendar.some((basis) => basis.provisional),
      calendar,
    };
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

  private yearDays(year: number): YearDays {
    const published = this.published.get(year);
    if (published) return published;
    let provisional = this.provisional.get(year);
    if (!provisional) {
      provisional = indexYear(provisionalCalendarYear(year), 0, true);
      this.provisional.set(year, provisional);
    }
    return provisional;
  }

  private isWorkingEpochDay(epochDay: number): boolean {
    const date = calendarDateOfEpochDay(epochDay);
    const year = this.yearDays(date.year);
    if (year.holidays.has(epochDay)) return false;
    if (year.workingWeekendDays.has(epochDay)) return true;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }
}

/** Validates a year's data once, so that a bad entry fails when the calendar is built, not in a deadline. */
function indexYear(entry: WorkingDayCalendarYear, version: number, provisional: boolean): YearDays {
  // A provisional year is computed here from the law; published data is checked by the publishing rules.
  const errors = provisional ? [] : calendarYearErrors(entry);
  if (errors.length > 0) throw new CalendarDataError(`calendar data for ${entry.year}: ${errors.map((e) => e.message).join('; ')}`);
  const holidays = new Set<number>();
  for (const [from, to] of entry.holidays) {
    for (let day = epochDayOf(requireIsoDate(from)); day <= epochDayOf(requireIsoDate(to)); day++) holidays.add(day);
  }
  const workingWeekendDays = new Set(entry.workingWeekendDays.map((date) => epochDayOf(requireIsoDate(date))));
  return { entry, version, provisional, holidays, workingWeekendDays };
}

/** A deadline recorded earlier: its due time and, when recorded, the calendar it was computed on. */
export interface RecordedDeadline {
  dueBy: string;
  calendar?: readonly CalendarBasis[] | null;
}

/** What a recomputation after a publication says: the new deadline and whether it moved earlier than the one told. */
export interface RecomputedDeadline {
  deadline: Deadline;
  previousDueBy: string;
  movedEarlier: boolean;
}

/**
 * The deadline "within `workingDays` of `from`" on `calendar`, when it differs from the recorded
 * one in its due time or in the calendar it rests on (a provisional year now published); null when
 * nothing changed. A deadline recorded without its calendar counts as computed on what it says.
 */
export function recomputeDeadline(recorded: RecordedDeadline, from: IsoDate, workingDays: number, calendar: WorkingDayCalendar): RecomputedDeadline | null {
  const deadline = calendar.deadline(from, workingDays);
  const sameTime = Date.parse(deadline.dueBy) === Date.parse(recorded.dueBy);
  const sameBasis = recorded.calendar == null || JSON.stringify(recorded.calendar) === JSON.stringify(deadline.calendar);
  if (sameTime && sameBasis) return null;
  return { deadline, previousDueBy: recorded.dueBy, movedEarlier: Date.parse(deadline.dueBy) < Date.parse(recorded.dueBy) };
}
