/**
 * Asia/Shanghai dates of instants. China has kept UTC+8 without daylight saving since 1991, so a
 * fixed offset gives the same answer as the tz database for every instant the platform handles,
 * and does not depend on the host's time zone or ICU data.
 */
import { calendarDateOfEpochDay, formatIsoDate, InvalidDateError, IsoDate, isIsoDate } from './iso-date';

export const SHANGHAI_UTC_OFFSET = '+08:00';
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** RFC 3339 timestamp with an explicit offset: a timestamp without one is ambiguous, so it is refused. */
const TIMESTAMP_WITH_OFFSET =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/i;

/** The Shanghai calendar date of an instant (a `Date`, epoch milliseconds, or a timestamp with offset). */
export function toShanghaiDate(instant: Date | number | string): IsoDate {
  const ms = instantMillis(instant);
  return formatIsoDate(calendarDateOfEpochDay(Math.floor((ms + OFFSET_MS) / DAY_MS)));
}

/** Today's date in Shanghai; `now` is injectable so that callers with a clock stay testable. */
export function todayInShanghai(now: Date = new Date()): IsoDate {
  return toShanghaiDate(now);
}

function instantMillis(instant: Date | number | string): number {
  let ms: number;
  if (instant instanceof Date) {
    ms = instant.getTime();
  } else if (typeof instant === 'number') {
    ms = instant;
  } else {
    // Checked here because Date.parse rolls impossible dates over (2025-02-30 becomes March 2).
    const match = TIMESTAMP_WITH_OFFSET.exec(instant);
    if (!match || !isIsoDate(match[1])) {
      throw new InvalidDateError(`'${instant}' is not an ISO 8601 timestamp with an offset (e.g. 2025-01-02T09:30:00+08:00)`);
    }
    ms = Date.parse(instant);
  }
  if (!Number.isFinite(ms)) throw new InvalidDateError(`'${String(instant)}' is not a valid instant`);
  return ms;
}
