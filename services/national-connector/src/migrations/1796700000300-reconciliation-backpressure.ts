import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backpressure per target and reconciliation runs.
 * - delivery_target_pauses: a national target that answered 429/5xx or did not answer, and until when
 *   the worker leaves its rows alone (one row per paused target; deleted when it answers again).
 * - reconciliation_runs: each comparison of the ledger with what the national side holds.
 * - deliveries_subject_order_idx: the claim's check that no earlier PENDING delivery of the same
 *   subject to the same target is waiting.
 */
export class ReconciliationBackpressure1796700000300 implements MigrationInterface {
  name = 'ReconciliationBackpressure1796700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_target_pauses (
        target        text PRIMARY KEY,
        paused_until  timestamptz NOT NULL,
        failures      int NOT NULL,
        reason        text NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deliveries_subject_order_idx ON deliveries (target, subject_key, created_at, id) WHERE status = 'PENDING'`);
    // The period a run covers is by ledger row creation.
    await q.query(`CREATE INDEX deliveries_created_idx ON deliveries (created_at)`);
    await q.query(`
      CREATE TABLE reconciliation_runs (
        id           uuid PRIMARY KEY,
        trigger      text NOT NULL CHECK (trigger IN ('request', 'daily')),
        from_at      timestamptz NOT NULL,
        to_at        timestamptz NOT NULL,
        target       text,
        redeliver    boolean NOT NULL,
        checked      int NOT NULL,
        missing      jsonb NOT NULL,
        failed       jsonb NOT NULL,
        redelivered  int NOT NULL,
        requested_by text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    // Instances side by side each run the daily reconciliation: the first to record it wins.
    await q.query(`CREATE UNIQUE INDEX reconciliation_runs_daily_key ON reconciliation_runs (from_at, to_at) WHERE trigger = 'daily'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reconciliation_runs`);
    await q.query(`DROP INDEX IF EXISTS deliveries_created_idx`);
    await q.query(`DROP INDEX IF EXISTS deliveries_subject_order_idx`);
    await q.query(`DROP TABLE IF EXISTS delivery_target_pauses`);
  }
}
