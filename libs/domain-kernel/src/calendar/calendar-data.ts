/**
 * Statutory holidays (法定节假日) and weekend days declared working days (调休上班) per year, as
 * announced each autumn by the State Council General Office's notice on the next year's holiday
 * arrangements (国务院办公厅关于 YYYY 年部分节假日安排的通知).
 *
 * These are the schedules the platform shipped with: they are published (version 1) by the calendar's
 * owning service at its first start and seeded into every service's `calendar_years` table by a
 * migration. At run time services read their calendar from that table, kept current by
 * `calendar-year-published` events; a later year is published by the credit office over REST
 * (`PUT /api/v1/calendar/years/{year}`), never by a code release, and is provisional until then.
 */
import { IsoDate } from './iso-date';

export interface WorkingDayCalendarYear {
  readonly year: number;
  /** Inclusive date ranges; weekend days inside a range are simply non-working days. */
  readonly holidays: readonly (readonly [from: IsoDate, to: IsoDate])[];
  /** Saturdays and Sundays that are working days (调休). */
  readonly workingWeekendDays: readonly IsoDate[];
  /** The notice the year's data comes from. */
  readonly source: string;
}

export const CHINA_WORKING_DAY_CALENDAR: readonly WorkingDayCalendarYear[] = [
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知',
    holidays: [
      ['2024-01-01', '2024-01-01'], // 元旦
      ['2024-02-10', '2024-02-17'], // 春节
      ['2024-04-04', '2024-04-06'], // 清明节
      ['2024-05-01', '2024-05-05'], // 劳动节
      ['2024-06-10', '2024-06-10'], // 端午节
      ['2024-09-15', '2024-09-17'], // 中秋节
      ['2024-10-01', '2024-10-07'], // 国庆节
    ],
    workingWeekendDays: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    holidays: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    workingWeekendDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节
    ],
    workingWeekendDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
