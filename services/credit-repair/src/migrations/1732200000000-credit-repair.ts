import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of credit-repair: its applications and their effects (fed by its own events in the
 * append transaction), and what eligibility is judged from (fed by other services' events through
 * the inbox transaction).
 */
export class CreditRepair1732200000000 implements MigrationInterface {
  name = 'CreditRepair1732200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE repair_applications (
        id                 text PRIMARY KEY,
        subject_key        text NOT NULL,
        subject_code       text,
        masked_code        text NOT NULL,
        target_type        text NOT NULL,
        target_id          text NOT NULL,
        commitment_id      text NOT NULL,
        evidence           jsonb NOT NULL,
        status             text NOT NULL,
        applied_on         date NOT NULL,
        due_by             timestamptz NOT NULL,
        decided_at         timestamptz,
        decision_reason    text,
        deciding_unit_code text,
        completed_at       timestamptz,
        stream_version     int NOT NULL
      )`);
    // One open application per target: a second one would start the same withdrawal twice.
    await q.query(`
      CREATE UNIQUE INDEX repair_applications_open_target_idx ON repair_applications (target_type, target_id)
      WHERE status IN ('SUBMITTED', 'APPROVED')`);
    await q.query(`CREATE INDEX repair_applications_subject_idx ON repair_applications (subject_key)`);
    await q.query(`
      CREATE TABLE repair_effects (
        application_id     text NOT NULL REFERENCES repair_applications (id),
        service            text NOT NULL,
        effect             text NOT NULL,
        status             text NOT NULL,
        deadline           timestamptz NOT NULL,
        at                 timestamptz,
        confirmed_by       text,
        overdue_alerted_at timestamptz,
        PRIMARY KEY (application_id, effect)
      )`);
    // What the overdue scan reads: pending effects not yet alerted, by deadline.
    await q.query(`
      CREATE INDEX repair_effects_overdue_idx ON repair_effects (deadline)
      WHERE status = 'PENDING' AND overdue_alerted_at IS NULL`);

    // Projections of other services' events (eligibility, domain.md §4).
    await q.query(`
      CREATE TABLE known_penalties (
        id            text PRIMARY KEY,
        subject_key   text NOT NULL,
        status        text NOT NULL,
        minimum_until date,
        maximum_until date,
        event_id      text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE known_list_entries (
        id          text PRIMARY KEY,
        subject_key text NOT NULL,
        record_ids  text[] NOT NULL,
        status      text NOT NULL,
        valid_until date,
        event_id    text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE known_repair_commitments (
        id          text PRIMARY KEY,
        subject_key text NOT NULL,
        public      boolean NOT NULL,
        signed_on   date NOT NULL,
        valid_until date,
        outcome     text,
        event_id    text NOT NULL
      )`);
    await q.query(`CREATE INDEX known_repair_commitments_subject_idx ON known_repair_commitments (subject_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS known_repair_commitments, known_list_entries, known_penalties, repair_effects, repair_applications`);
  }
}

export const creditRepairMigrations = [CreditRepair1732200000000];
