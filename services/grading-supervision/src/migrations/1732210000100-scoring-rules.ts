import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scoring rule as versioned reference data (domain.md §7: scoring rules are configurable):
 * one row per version with the day it starts grading. Version 1 holds the constants the service
 * graded by before rules were data (SCORING_RULE_V1), in effect from 2000-01-01, plus the weights of
 * 双随机 inspection results and industry evaluations, which count from this version on.
 */
export class GradingScoringRules1732210000100 implements MigrationInterface {
  name = 'GradingScoringRules1732210000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scoring_rule_versions (
        version        int PRIMARY KEY,
        effective_from date NOT NULL,
        rule           jsonb NOT NULL,
        event_id       uuid,
        defined_at     timestamptz NOT NULL DEFAULT now()
      )`);
    const v1 = {
      penalty: { GENERAL: -10, SERIOUS: -25 },
      listEntry: { BLACK: -40, RED: 10 },
      commitment: { BREACHED: -15, FALSE: -15 },
      inspection: { NO_PROBLEM: 0, PROBLEM_FOUND: -10, NOT_FOUND: -15 },
      industryEvaluation: { A: 5, B: 0, C: -10, D: -20 },
      thresholds: { A: 90, B: 70, C: 50 },
    };
    await q.query(`INSERT INTO scoring_rule_versions (version, effective_from, rule) VALUES (1, '2000-01-01', $1)`, [JSON.stringify(v1)]);
    // The version each kept grade was computed by: the regrade scan finds the grades of an earlier version once a new one is in effect.
    await q.query(`ALTER TABLE subject_grades ADD COLUMN rule_version int NOT NULL DEFAULT 1`);
    await q.query(`CREATE INDEX subject_grades_rule_version_idx ON subject_grades (rule_version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS subject_grades_rule_version_idx`);
    await q.query(`ALTER TABLE subject_grades DROP COLUMN IF EXISTS rule_version`);
    await q.query(`DROP TABLE IF EXISTS scoring_rule_versions`);
  }
}
