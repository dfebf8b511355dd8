/**
 * One year's working-day schedule as published by the credit office (reference data), and the
 * rules a schedule must follow. The same rules check the admin's REST request, the
 * `calendar-year-published` event every consumer receives, and the data a calendar is built from.
 */
import type { WorkingDayCalendarYear } from './calendar-data';
import { dayOfWeek, epochDayOf, IsoDate, parseIsoDate } from './iso-date';

/** Years the platform publishes and answers for: outside these, a request is refused (400). */
export const CALENDAR_FIRST_YEAR = 2020;
export const CALENDAR_LAST_YEAR = 2099;

/** A published year: the notice's data with the version the credit office published it under (1, 2, …). */
export interface PublishedCalendarYear extends WorkingDayCalendarYear {
  readonly version: number;
}

/** How one calendar year stands: published (with its version) or provisional (version 0). */
export interface CalendarYearView {
  year: number;
  provisional: boolean;
  /** 0 for a provisional year; the published version otherwise. */
  version: number;
  source: string;
  holidays: [IsoDate, IsoDate][];
  workingWeekendDays: IsoDate[];
}

export interface CalendarFieldError {
  field: string;
  message: string;
}

/** `year` as a path or query parameter: an integer in the platform's range. */
export function calendarYearError(year: unknown, field = 'year'): CalendarFieldError | null {
  const value = typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : year;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < CALENDAR_FIRST_YEAR || value > CALENDAR_LAST_YEAR) {
    return { field, message: `${field} must be a year from ${CALENDAR_FIRST_YEAR} to ${CALENDAR_LAST_YEAR}` };
  }
  return null;
}

/**
 * Every rule a year's schedule breaks, each naming its field: dates are real ISO dates inside the
 * year; a holiday range does not end before it starts and overlaps no other; a working weekend day
 * is a Saturday or Sunday, given once, and not inside a holiday; the source is named.
 */
export function calendarYearErrors(entry: { year: unknown; source?: unknown; holidays?: unknown; workingWeekendDays?: unknown }): CalendarFieldError[] {
  const errors: CalendarFieldError[] = [];
  const yearError = calendarYearError(entry.year);
  if (yearError) return [yearError];
  const year = Number(entry.year);
  if (typeof entry.source !== 'string' || entry.source.trim().length === 0 || entry.source.length > 500) {
    errors.push({ field: 'source', message: 'source must name the notice the schedule comes from (1 to 500 characters)' });
  }

  const dayInYear = (value: unknown, field: string): number | null => {
    const parts = parseIsoDate(value);
    if (!parts) {
      errors.push({ field, message: `${field} must be a real date YYYY-MM-DD` });
      return null;
    }
    if (parts.year !== year) {
      errors.push({ field, message: `${field} (${String(value)}) is outside ${year}` });
      return null;
    }
    return epochDayOf(parts);
  };

  const ranges: { start: number; end: number; index: number }[] = [];
  if (!Array.isArray(entry.holidays)) {
    errors.push({ field: 'holidays', message: 'holidays must be an array of [from, to] date pairs' });
  } else {
    entry.holidays.forEach((range: unknown, index) => {
      const field = `holidays[${index}]`;
      if (!Array.isArray(range) || range.length !== 2) {
        errors.push({ field, message: `${field} must be a [from, to] pair of dates` });
        return;
      }
      const start = dayInYear(range[0], `${field}[0]`);
      const end = dayInYear(range[1], `${field}[1]`);
      if (start === null || end === null) return;
      if (end < start) {
        errors.push({ field, message: `${field} ends (${String(range[1])}) before it starts (${String(range[0])})` });
        return;
      }
      ranges.push({ start, end, index });
    });
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].start <= sorted[i - 1].end) {
        const [a, b] = [sorted[i - 1].index, sorted[i].index].sort((x, y) => x - y);
        errors.push({ field: `holidays[${b}]`, message: `holidays[${b}] overlaps holidays[${a}]` });
      }
    }
  }

  if (!Array.isArray(entry.workingWeekendDays)) {
    errors.push({ field: 'workingWeekendDays', message: 'workingWeekendDays must be an array of dates' });
  } else {
    const seen = new Set<number>();
    entry.workingWeekendDays.forEach((date: unknown, index) => {
      const field = `workingWeekendDays[${index}]`;
      const day = dayInYear(date, field);
      if (day === null) return;
      const weekday = dayOfWeek(parseIsoDate(date)!);
      if (weekday !== 0 && weekday !== 6) errors.push({ field, message: `${field} (${String(date)}) is not a Saturday or Sunday` });
      else if (ranges.some((r) => day >= r.start && day <= r.end)) errors.push({ field, message: `${field} (${String(date)}) is inside a holiday` });
      else if (seen.has(day)) errors.push({ field, message: `${field} (${String(date)}) is given twice` });
      seen.add(day);
    });
  }
  return errors;
}

/** Whether two schedules of a year say the same thing (what a re-publication of the same version is). */
export function sameCalendarContent(a: WorkingDayCalendarYear, b: WorkingDayCalendarYear): boolean {
  const key = (y: WorkingDayCalendarYear) =>
    JSON.stringify([
      y.source,
      [...y.holidays].map(([f, t]) => `${f}/${t}`).sort(),
      [...y.workingWeekendDays].sort(),
    ]);
  return a.year === b.year && key(a) === key(b);
}
