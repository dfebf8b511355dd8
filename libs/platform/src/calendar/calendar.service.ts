import {
  calendarYearErrors,
  todayInShanghai,
  WorkingDayCalendar,
  type PublishedCalendarYear,
} from '@credit/domain-kernel';
import type { CommandMeta } from '@credit/event-store';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';

/** How often an instance re-reads the table (another instance of the service may have applied a publication). */
const REFRESH_INTERVAL_MS = 60_000;

/** A calendar-year-published event's schedule that breaks the publishing rules: poison, never applied. */
export class InvalidCalendarYearError extends Error {
  override readonly name = 'InvalidCalendarYearError';
}

/** What a publication did to this service's calendar. */
export type CalendarApplied = 'APPLIED' | 'ALREADY_KNOWN';

/**
 * Called in the transaction that applies a newly published year, with the calendar that now holds,
 * so that a service recomputes its open deadlines with the publication (and not before it commits).
 */
export type CalendarPublishedListener = (
  manager: EntityManager,
  published: PublishedCalendarYear,
  calendar: WorkingDayCalendar,
  cause: CalendarPublicationCause,
) => Promise<void>;

/** The publication a recomputation follows: its events carry its correlation id, caused by the publication event. */
export interface CalendarPublicationCause {
  correlationId: string;
  causationId: string | null;
  actor: CommandMeta['actor'];
}

interface CalendarRow {
  year: number;
  version: number;
  source: string;
  holidays: [string, string][];
  working_weekend_days: string[];
}

/** A gauge set when scraped (the latest service instance in the process owns it). */
function scrapedGauge(name: string, help: string, labelNames: string[], collect: (gauge: Gauge<string>) => void): void {
  if (register.getSingleMetric(name)) register.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    collect() {
      collect(this as Gauge<string>);
    },
  });
}

/**
 * The service's working-day calendar, read from its `calendar_years` table: published years as
 * published, every other year provisional (computed from the holiday law). Deadlines are computed
 * on `calendar`; a publication arrives as an event and is applied with {@link applyPublished}.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Calendar');
  private current = new WorkingDayCalendar();
  private readonly listeners: CalendarPublishedListener[] = [];
  private refreshTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  /** The calendar deadlines are computed on now. */
  get calendar(): WorkingDayCalendar {
    return this.current;
  }

  /** Registers a recomputation to run in the transaction of every newly applied publication. */
  onPublished(listener: CalendarPublishedListener): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.registerMetrics();
    const thisYear = Number(todayInShanghai().slice(0, 4));
    const provisional = [thisYear, thisYear + 1, thisYear + 2].filter((year) => !this.current.hasYear(year));
    const published = this.current.years.map((year) => `${year} (v${this.current.basisOf(year).version})`).join(', ');
    const line = `working-day calendar: published ${published || 'none'}; provisional ${provisional.join(', ') || 'none'} (computed from the holiday law, no 调休, until the credit office publishes the year)`;
    if (provisional.length > 0) this.logger.warn(line);
    else this.logger.log(line);
    this.refreshTimer = setInterval(() => void this.refresh().catch((error: unknown) => this.logger.warn(`calendar refresh failed: ${String(error)}`)), REFRESH_INTERVAL_MS);
    this.refreshTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.refreshTimer);
  }

  /** Re-reads the published years from the table. */
  async refresh(manager: EntityManager = this.dataSource.manager): Promise<WorkingDayCalendar> {
    const rows: CalendarRow[] = await manager.query(`SELECT year, version, source, holidays, working_weekend_days FROM calendar_years ORDER BY year`);
    this.current = new WorkingDayCalendar({
      years: rows.map((row) => ({ year: row.year, version: row.version, source: row.source, holidays: row.holidays, workingWeekendDays: row.working_weekend_days })),
    });
    return this.current;
  }

  /**
   * Applies a published year in the caller's transaction: kept when its version is newer than the
   * one held (an older or equal version changes nothing), then every listener recomputes with it.
   * A schedule that breaks the publishing rules is refused, exactly as the REST edge refuses it.
   */
  async applyPublished(manager: EntityManager, published: PublishedCalendarYear, cause: CalendarPublicationCause): Promise<CalendarApplied> {
    const errors = calendarYearErrors(published);
    if (errors.length > 0 || !Number.isInteger(published.version) || published.version < 1) {
      throw new InvalidCalendarYearError(`calendar year ${published.year} v${published.version} breaks the publishing rules: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'version must be ≥ 1'}`);
    }
    const rows: { year: number }[] = await manager.query(
      `INSERT INTO calendar_years (year, version, source, holidays, working_weekend_days, published_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (year) DO UPDATE SET version = EXCLUDED.version, source = EXCLUDED.source, holidays = EXCLUDED.holidays,
         working_weekend_days = EXCLUDED.working_weekend_days, published_at = EXCLUDED.published_at
       WHERE calendar_years.version < EXCLUDED.version
       RETURNING year`,
      [published.year, published.version, published.source, JSON.stringify(published.holidays), JSON.stringify(published.workingWeekendDays)],
    );
    if (rows.length === 0) return 'ALREADY_KNOWN';
    const calendar = await this.refresh(manager);
    for (const listener of this.listeners) await listener(manager, published, calendar, cause);
    this.logger.log(`working-day calendar: ${published.year} published as version ${published.version} (${published.source})`);
    return 'APPLIED';
  }

  private registerMetrics(): void {
    scrapedGauge(
      'calendar_year_provisional',
      'Whether a year (this year and the next two) has no published working-day schedule and is computed from the holiday law (1) or is published (0)',
      ['year'],
      (gauge) => {
        const thisYear = Number(todayInShanghai().slice(0, 4));
        for (const year of [thisYear, thisYear + 1, thisYear + 2]) gauge.set({ year: String(year) }, this.current.hasYear(year) ? 0 : 1);
      },
    );
    scrapedGauge(
      'calendar_next_year_provisional_warning',
      'Warning: 1 from 1 December while next year\'s working-day schedule is still provisional (publish it: PUT /api/v1/calendar/years/{year})',
      [],
      (gauge) => {
        const today = todayInShanghai();
        const nextYear = Number(today.slice(0, 4)) + 1;
        gauge.set(today.slice(5) >= '12-01' && !this.current.hasYear(nextYear) ? 1 : 0);
      },
    );
  }
}
