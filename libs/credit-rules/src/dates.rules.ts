/**
 * Calendar arithmetic on `YYYY-MM-DD` dates, once: publicity periods (double publicity) and list
 * terms (joint punishment) both count in calendar months from a decision date.
 */
import { parseIsoDate, type IsoDate } from '@credit/domain-kernel';

function partsOf(date: IsoDate): { year: number; month: number; day: number } {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`'${date}' is not a calendar date in YYYY-MM-DD form`);
  return parts;
}

/** A UTC `Date` with overflowing months and days carried (month 1-based); unlike `Date.UTC`, years 0–99 stay themselves. */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The same day N months later (or earlier, for a negative N); a day the target month lacks becomes
 * its last day (2025-11-30 + 3 months = 2026-02-28, 2024-02-29 + 12 months = 2025-02-28), so a
 * period never ends in the month after.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const parts = partsOf(date);
  const monthIndex = parts.month - 1 + months;
  const year = parts.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = utcDate(year, month + 1, 0).getUTCDate();
  return format(year, month, Math.min(parts.day, lastDay));
}

/** The date N days later (or earlier, for a negative N). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const parts = partsOf(date);
  const result = utcDate(parts.year, parts.month, parts.day + days);
  return format(result.getUTCFullYear(), result.getUTCMonth() + 1, result.getUTCDate());
}

/** The `YYYY-MM` months from `first` to `last`, both included (none when first is after last). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let month = first; month <= last; month = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(month);
    m += 1;
    if (m === 13) {
      y += 1;
      m = 1;
    }
  }
  return months;
}

/** The month before the one `today` (`YYYY-MM-DD`) falls in: the last month that has ended. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}


/** The first working day of `month` (`YYYY-MM`) on a calendar: where monthly reports fall due. */
export function firstWorkingDayOf(month: string, isWorkingDay: (date: IsoDate) => boolean): IsoDate {
  for (let day = 1; day <= 31; day++) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    if (isWorkingDay(date)) return date;
  }
  throw new Error(`no working day in ${month}`);
}

/** The month (`YYYY-MM`) `n` months before `month` (after it for a negative `n`). */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
