import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Penalties seen in publicity and the nomination proposals the rules drew from them. */
export class NominationProposals1732200000100 implements MigrationInterface {
  name = 'NominationProposals1732200000100';

  async up(q: QueryRunner): Promise<void> {
    // What the repetition rule counts: each penalty in publicity, by subject and violation type.
    await q.query(`
      CREATE TABLE nomination_penalties (
        penalty_id     text PRIMARY KEY,
        subject_key    text NOT NULL,
        violation_type text NOT NULL,
        severity       text NOT NULL,
        decided_on     date NOT NULL
      )`);
    await q.query(`CREATE INDEX nomination_penalties_subject_idx ON nomination_penalties (subject_key, violation_type, decided_on)`);
    // A reviewer's worklist: one proposal per rule, subject and group (a penalty, or a violation type).
    await q.query(`
      CREATE TABLE nomination_proposals (
        id           uuid PRIMARY KEY,
        rule_code    text NOT NULL,
        subject_key  text NOT NULL,
        masked_code  text NOT NULL,
        list         text NOT NULL,
        group_key    text NOT NULL,
        penalty_ids  text[] NOT NULL,
        reason       text NOT NULL,
        status       text NOT NULL,
        proposed_at  timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        UNIQUE (rule_code, subject_key, group_key)
      )`);
    await q.query(`CREATE INDEX nomination_proposals_status_idx ON nomination_proposals (status, proposed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS nomination_proposals, nomination_penalties`);
  }
}
