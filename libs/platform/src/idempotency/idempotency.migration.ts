import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PlatformCalendarYears1735700000100 } from '../calendar/calendar.migration';
import { PlatformRestrictedReads1735700000200 } from '../audit/restricted-reads.migration';
import { PlatformEventReplays1735700000400 } from '../operations/replay.migration';
import { PlatformProjectionRebuilds1735700000300 } from '../operations/rebuild/rebuild.migration';

/**
 * Responses of POST requests by Idempotency-Key (api-contract.md: the same key and body returns
 * the first response again and creates nothing new). Keys are scoped to the calling department, so
 * one department can neither collide with nor read another's responses.
 */
export class PlatformIdempotencyRecords1735700000000 implements MigrationInterface {
  name = 'PlatformIdempotencyRecords1735700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_records (
        principal      text        NOT NULL,
        idempotency_key text       NOT NULL,
        method         text        NOT NULL,
        path           text        NOT NULL,
        request_hash   char(64)    NOT NULL,
        state          text        NOT NULL CHECK (state IN ('PENDING', 'COMPLETED')),
        attempt_id     uuid        NOT NULL,
        status_code    integer,
        response_body  jsonb,
        created_at     timestamptz NOT NULL DEFAULT now(),
        completed_at   timestamptz,
        expires_at     timestamptz NOT NULL,
        PRIMARY KEY (principal, idempotency_key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_records`);
  }
}

/** The platform's own tables, run with the event store's and messaging's at start-up. */
export const platformMigrations: Function[] = [PlatformIdempotencyRecords1735700000000, PlatformCalendarYears1735700000100, PlatformRestrictedReads1735700000200, PlatformProjectionRebuilds1735700000300, PlatformEventReplays1735700000400];
