/**
 * The statutory holidays of a year whose schedule the State Council has not published yet, from
 * the holiday law itself (《全国年节及纪念日放假办法》). A provisional year has no 调休 (working
 * weekend days are known only from the published notice) and is marked provisional wherever it
 * shows; publishing the year's notice replaces it.
 *
 * Lunar and solar-term dates come from `lunar-typescript`, not from a hand-written table.
 */
import { Lunar, Solar } from 'lunar-typescript';
import type { WorkingDayCalendarYear } from './calendar-data';
import { calendarDateOfEpochDay, epochDayOf, formatIsoDate, IsoDate, requireIsoDate } from './iso-date';

/** The law as amended in 2024 (国务院令第795号), in force from 2025-01-01. */
export const HOLIDAY_LAW_2024 = '《全国年节及纪念日放假办法》（2024年11月修订，2025年1月1日起施行）';
/** The law as amended in 2013, in force for 2014–2024. */
export const HOLIDAY_LAW_2013 = '《全国年节及纪念日放假办法》（2013年12月修订）';

/** The first year the 2024 amendment applies to. */
const AMENDMENT_2024_FROM = 2025;

function solarDate(solar: Solar): IsoDate {
  return solar.toYmd();
}

/** The Gregorian dates of one lunar date of the lunar year that starts in `year`. */
function lunarDay(year: number, month: number, day: number): IsoDate {
  return solarDate(Lunar.fromYmd(year, month, day).getSolar());
}

/** 清明: the day of the 清明 solar term in `year` (4–6 April). */
function qingming(year: number): IsoDate {
  const table = Lunar.fromYmd(year, 3, 1).getJieQiTable() as Record<string, Solar>;
  return solarDate(table['清明']);
}

function dayRange(from: IsoDate, days: number): IsoDate[] {
  const start = epochDayOf(requireIsoDate(from));
  return Array.from({ length: days }, (_, i) => formatIsoDate(calendarDateOfEpochDay(start + i)));
}

/** Consecutive days as inclusive ranges, ascending, never overlapping. */
export function toRanges(dates: Iterable<IsoDate>): [IsoDate, IsoDate][] {
  const days = [...new Set([...dates].map((d) => epochDayOf(requireIsoDate(d))))].sort((a, b) => a - b);
  const ranges: [IsoDate, IsoDate][] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const day of days) {
    if (start === undefined || previous === undefined || day !== previous + 1) {
      if (start !== undefined && previous !== undefined) ranges.push([formatIsoDate(calendarDateOfEpochDay(start)), formatIsoDate(calendarDateOfEpochDay(previous))]);
      start = day;
    }
    previous = day;
  }
  if (start !== undefined && previous !== undefined) ranges.push([formatIsoDate(calendarDateOfEpochDay(start)), formatIsoDate(calendarDateOfEpochDay(previous))]);
  return ranges;
}

/**
 * The statutory holidays of `year` by the law in force for it. From 2025: 元旦 1 day; 春节 4 days
 * (农历除夕 and 正月初一至初三); 清明 1 day; 劳动节 2 days (5月1日–2日); 端午 1 day (五月初五);
 * 中秋 1 day (八月十五); 国庆 3 days (10月1日–3日). Before 2025 (2013 text): 春节 3 days
 * (正月初一至初三) and 劳动节 1 day. A holiday on a weekend does not move.
 */
export function statutoryHolidays(year: number): IsoDate[] {
  const amended = year >= AMENDMENT_2024_FROM;
  const newYear = lunarDay(year, 1, 1);
  const springFestival = amended
    ? [formatIsoDate(calendarDateOfEpochDay(epochDayOf(requireIsoDate(newYear)) - 1)), ...dayRange(newYear, 3)]
    : dayRange(newYear, 3);
  return [
    `${year}-01-01`,
    ...springFestival,
    qingming(year),
    ...dayRange(`${year}-05-01`, amended ? 2 : 1),
    lunarDay(year, 5, 5),
    lunarDay(year, 8, 15),
    ...dayRange(`${year}-10-01`, 3),
  ];
}

/** The provisional calendar year: the statutory holidays as ranges, no working weekend days. */
export function provisionalCalendarYear(year: number): WorkingDayCalendarYear {
  return {
    year,
    source: `${year >= AMENDMENT_2024_FROM ? HOLIDAY_LAW_2024 : HOLIDAY_LAW_2013}推算（暂定：${year}年节假日安排通知未发布，无调休）`,
    holidays: toRanges(statutoryHolidays(year)),
    workingWeekendDays: [],
  };
}
