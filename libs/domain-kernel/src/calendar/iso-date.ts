/**
 * Calendar dates as `YYYY-MM-DD` strings (decision dates, deadlines, birth dates). Arithmetic is
 * done on day numbers, never through `Date`, so that neither the host time zone nor `Date`'s
 * two-digit-year quirks can shift a date.
 */

/** A calendar date in `YYYY-MM-DD` form, already validated. */
export type IsoDate = string;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export class InvalidDateError extends RangeError {
  override readonly name = 'InvalidDateError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parts of a real calendar date, or undefined; used where the caller words its own error. */
export function calendarDateParts(year: number, month: number, day: number): CalendarDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/**
 * Strict `YYYY-MM-DD`: exactly that shape (no time, no offset, no week or ordinal forms) and a
 * date that exists (`2025-02-30` and `2023-02-29` are not dates). Null for anything else, so that
 * input validation can word its own field error.
 */
export function parseIsoDate(value: unknown): CalendarDate | null {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  return (match && calendarDateParts(Number(match[1]), Number(match[2]), Number(match[3]))) ?? null;
}

/** {@link parseIsoDate} for values that must already be valid: throws {@link InvalidDateError}. */
export function requireIsoDate(value: IsoDate): CalendarDate {
  const parts = parseIsoDate(value);
  if (!parts) throw new InvalidDateError(`'${String(value)}' is not a calendar date in YYYY-MM-DD form`);
  return parts;
}

export function isIsoDate(value: unknown): value is IsoDate {
  return parseIsoDate(value) !== null;
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export function epochDayOf({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of {@link epochDayOf} (civil_from_days). */
export function calendarDateOfEpochDay(epochDay: number): CalendarDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  // 1970-01-01 was a Thursday.
  return (((epochDayOf(date) + 4) % 7) + 7) % 7;
}
