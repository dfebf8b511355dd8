import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery ledger: one row per (source event, national target). Written by the consumer in the
 * inbox transaction, worked off by the delivery worker; FAILED rows stay for operations.
 */
export class NationalConnector1732200000000 implements MigrationInterface {
  name = 'NationalConnector1732200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        id               uuid PRIMARY KEY,
        source_event_id  uuid NOT NULL,
        source_type      text NOT NULL,
        target           text NOT NULL CHECK (target IN ('credit-china', 'enterprise-publicity', 'shared-platform')),
        endpoint         text NOT NULL,
        payload          jsonb NOT NULL,
        status           text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts         int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL,
        last_error       text,
        last_http_status int,
        correlation_id   text NOT NULL,
        subject_key      text,
        stream_version   int NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        delivered_at     timestamptz,
        CONSTRAINT deliveries_source_target_key UNIQUE (source_event_id, target)
      )`);
    // The worker's query: due PENDING rows, oldest first.
    await q.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX deliveries_status_idx ON deliveries (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS deliveries`);
  }
}

export const nationalConnectorMigrations = [NationalConnector1732200000000];
