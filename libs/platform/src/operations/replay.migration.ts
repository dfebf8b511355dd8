import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replays an operator ran in this service (`POST /api/v1/ops/replays`): the range, where each
 * partition got to, what the records came to, and the status, kept after the request (and the
 * replay) ended. At most one RUNNING per service database; a RUNNING row whose `updated_at` is no
 * longer refreshed belongs to an instance that died with it.
 */
export class PlatformEventReplays1735700000400 implements MigrationInterface {
  name = 'PlatformEventReplays1735700000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_replays (
        id                 uuid        PRIMARY KEY,
        consumer_group     text        NOT NULL,
        replay_group       text        NOT NULL,
        topics             text[]      NOT NULL,
        from_position      text        NOT NULL,
        to_position        text,
        dry_run            boolean     NOT NULL,
        status             text        NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
        total              bigint      NOT NULL,
        processed          bigint      NOT NULL DEFAULT 0,
        partitions         jsonb       NOT NULL,
        outcomes           jsonb       NOT NULL,
        by_type            jsonb       NOT NULL DEFAULT '{}',
        table_changes      jsonb       NOT NULL DEFAULT '{}',
        problems           jsonb       NOT NULL DEFAULT '[]',
        problems_not_listed integer    NOT NULL DEFAULT 0,
        error              text,
        requested_by       text        NOT NULL,
        correlation_id     text,
        started_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        finished_at        timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX event_replays_one_running ON event_replays ((true)) WHERE status = 'RUNNING'`);
    await queryRunner.query(`CREATE INDEX event_replays_started_at ON event_replays (started_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_replays`);
  }
}
