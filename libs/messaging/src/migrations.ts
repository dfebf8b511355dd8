import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tableNames } from './tables';

/**
 * Processed events per consumer group: the idempotency record written in the same transaction as
 * the handler's effect, so a redelivered event (crash before the offset commit, replay, the same
 * event published twice) finds its row and has no second effect. Rows are kept: a replay of the
 * topic from the start into the same group must find them all.
 */
export class MessagingInbox1732100000000 implements MigrationInterface {
  name = 'MessagingInbox1732100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { inbox } = tableNames(queryRunner.connection);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${inbox} (
        consumer_group  text        NOT NULL,
        event_id        uuid        NOT NULL,
        event_type      text        NOT NULL,
        subject_key     text,
        topic           text        NOT NULL,
        kafka_partition integer     NOT NULL,
        kafka_offset    bigint      NOT NULL,
        processed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { inbox } = tableNames(queryRunner.connection);
    await queryRunner.query(`DROP TABLE IF EXISTS ${inbox}`);
  }
}

/**
 * Events a consumer group could not apply yet, in arrival order per subject (`id`). `order_key`
 * is the subject key, or the stream for reference data: while a key has parked rows, its later
 * events queue behind them, so a subject's causal order survives parking and restarts.
 */
export class MessagingParkedEvents1732100000001 implements MigrationInterface {
  name = 'MessagingParkedEvents1732100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { parked_events } = tableNames(queryRunner.connection);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${parked_events} (
        id              bigserial   PRIMARY KEY,
        consumer_group  text        NOT NULL,
        order_key       text        NOT NULL,
        subject_key     text,
        event_id        text        NOT NULL,
        event_type      text        NOT NULL,
        event_version   integer     NOT NULL,
        event           jsonb       NOT NULL,
        topic           text        NOT NULL,
        kafka_partition integer     NOT NULL,
        kafka_offset    bigint      NOT NULL,
        reason          text        NOT NULL CHECK (reason IN ('not-ready', 'unknown-version', 'behind-parked')),
        last_error      text,
        attempts        integer     NOT NULL DEFAULT 0,
        failures        integer     NOT NULL DEFAULT 0,
        parked_at       timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer_group, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS parked_events_queue ON ${parked_events} (consumer_group, order_key, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { parked_events } = tableNames(queryRunner.connection);
    await queryRunner.query(`DROP TABLE IF EXISTS ${parked_events}`);
  }
}

/**
 * Every record a consumer group sent to its dead-letter topic, so operators see poison events
 * (and why) from SQL without Kafka tooling. One row per source record: a redelivery after a crash
 * does not add a second one.
 */
export class MessagingDeadLetters1732100000002 implements MigrationInterface {
  name = 'MessagingDeadLetters1732100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dead_letters } = tableNames(queryRunner.connection);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${dead_letters} (
        id               bigserial   PRIMARY KEY,
        consumer_group   text        NOT NULL,
        topic            text        NOT NULL,
        kafka_partition  integer     NOT NULL,
        kafka_offset     bigint      NOT NULL,
        dlq_topic        text        NOT NULL,
        message_key      text,
        event_id         text,
        event_type       text,
        subject_key      text,
        reason           text        NOT NULL,
        error_message    text        NOT NULL,
        error_stack      text,
        attempts         integer     NOT NULL,
        payload          text,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer_group, topic, kafka_partition, kafka_offset)
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS dead_letters_by_time ON ${dead_letters} (consumer_group, dead_lettered_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { dead_letters } = tableNames(queryRunner.connection);
    await queryRunner.query(`DROP TABLE IF EXISTS ${dead_letters}`);
  }
}

/**
 * How an operator resolved a dead letter: REDRIVEN (fed to the handlers again after a fix, and
 * applied) or DISCARDED (with why). An unresolved dead letter is an open incident.
 */
export class MessagingDeadLetterResolution1732100000003 implements MigrationInterface {
  name = 'MessagingDeadLetterResolution1732100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dead_letters } = tableNames(queryRunner.connection);
    await queryRunner.query(`
      ALTER TABLE ${dead_letters}
        ADD COLUMN IF NOT EXISTS resolution      text CHECK (resolution IN ('REDRIVEN', 'DISCARDED')),
        ADD COLUMN IF NOT EXISTS resolved_at     timestamptz,
        ADD COLUMN IF NOT EXISTS resolved_by     text,
        ADD COLUMN IF NOT EXISTS resolution_note text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { dead_letters } = tableNames(queryRunner.connection);
    await queryRunner.query(`ALTER TABLE ${dead_letters} DROP COLUMN resolution, DROP COLUMN resolved_at, DROP COLUMN resolved_by, DROP COLUMN resolution_note`);
  }
}

/** Put these in the service DataSource's `migrations` (with its own). */
export const messagingMigrations: Function[] = [
  MessagingInbox1732100000000,
  MessagingParkedEvents1732100000001,
  MessagingDeadLetters1732100000002,
  MessagingDeadLetterResolution1732100000003,
];
