import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GradingScoringRules1732210000100 } from './1732210000100-scoring-rules';

/** Read models of grading-supervision, fed by the subject topic in the inbox transaction. */
export class GradingSupervision1732210000000 implements MigrationInterface {
  name = 'GradingSupervision1732210000000';

  async up(q: QueryRunner): Promise<void> {
    // The records of a subject that can count in its score: penalties (severity, in publicity,
    // maximum publicity date), list entries (BLACK/RED, in force) and commitment findings.
    await q.query(`
      CREATE TABLE credit_records (
        record_kind    text NOT NULL,
        record_id      text NOT NULL,
        subject_key    text NOT NULL,
        source         text NOT NULL,
        event_id       uuid NOT NULL,
        category       text NOT NULL,
        active         boolean NOT NULL,
        maximum_until  date,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_kind, record_id)
      )`);
    await q.query(`CREATE INDEX credit_records_subject_idx ON credit_records (subject_key)`);
    // The last computed grade per subject (the event stream grade-<subjectKey> holds the history).
    await q.query(`
      CREATE TABLE subject_grades (
        subject_key      text PRIMARY KEY,
        score            int NOT NULL,
        grade            text NOT NULL,
        trigger_event_id uuid NOT NULL,
        computed_at      timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS subject_grades, credit_records`);
  }
}

export const gradingSupervisionMigrations = [GradingSupervision1732210000000, GradingScoringRules1732210000100];
