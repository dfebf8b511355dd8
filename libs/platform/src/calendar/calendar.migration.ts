import { CHINA_WORKING_DAY_CALENDAR } from '@credit/domain-kernel';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar as reference data: one row per published year, kept current by
 * `calendar-year-published` events (the owning service writes it in the publication's transaction).
 * The schedules the platform shipped with (2024–2026) are seeded here as version 1, the same
 * version the owning service publishes them under; later years are published over REST.
 */
export class PlatformCalendarYears1735700000100 implements MigrationInterface {
  name = 'PlatformCalendarYears1735700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE calendar_years (
        year                 integer     PRIMARY KEY,
        version              integer     NOT NULL CHECK (version >= 1),
        source               text        NOT NULL,
        holidays             jsonb       NOT NULL,
        working_weekend_days jsonb       NOT NULL,
        published_at         timestamptz NOT NULL DEFAULT now()
      )`);
    for (const entry of CHINA_WORKING_DAY_CALENDAR) {
      await queryRunner.query(
        `INSERT INTO calendar_years (year, version, source, holidays, working_weekend_days) VALUES ($1, 1, $2, $3, $4)`,
        [entry.year, entry.source, JSON.stringify(entry.holidays), JSON.stringify(entry.workingWeekendDays)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calendar_years`);
  }
}
