import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The website's read side: every consumed subject event (for as-of queries) and, per subject, the
 * fold of its events (the live model), both written in the inbox transaction.
 */
export class CreditPortal1732210000000 implements MigrationInterface {
  name = 'CreditPortal1732210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_events (
        seq          bigserial PRIMARY KEY,
        event_id     uuid NOT NULL UNIQUE,
        subject_key  text NOT NULL,
        type         text NOT NULL,
        data         jsonb NOT NULL,
        recorded_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX subject_events_subject_idx ON subject_events (subject_key, seq)`);
    await q.query(`
      CREATE TABLE subject_views (
        subject_key  text PRIMARY KEY,
        kind         text,
        masked_code  text,
        name         text,
        state        jsonb NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX subject_views_name_idx ON subject_views (name text_pattern_ops)`);
    await q.query(`CREATE INDEX subject_views_code_idx ON subject_views (masked_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS subject_views, subject_events`);
  }
}
