import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The measure catalog versioned like the other catalogs: every version of every measure, the
 * current version on the catalog row, and on each application the version it was made under.
 * Measures and applications from before hold version 1 (each measure had only its first definition).
 */
export class MeasureVersions1732200000500 implements MigrationInterface {
  name = 'MeasureVersions1732200000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_versions (
        code        text NOT NULL,
        version     int NOT NULL,
        name        text NOT NULL,
        kind        text NOT NULL,
        applies_to  text NOT NULL,
        category    text,
        unit_codes  text[] NOT NULL,
        scenarios   text[] NOT NULL,
        legal_basis text NOT NULL,
        defined_at  timestamptz NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      INSERT INTO measure_versions (code, version, name, kind, applies_to, category, unit_codes, scenarios, legal_basis, defined_at)
      SELECT code, 1, name, kind, applies_to, category, unit_codes, scenarios, legal_basis, defined_at FROM measures`);
    // The catalog row is the current version; defined_at stays the first definition's time.
    await q.query(`ALTER TABLE measures ADD COLUMN version int NOT NULL DEFAULT 1, ADD COLUMN revised_at timestamptz`);
    await q.query(`ALTER TABLE measure_applications ADD COLUMN measure_version int NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measure_applications DROP COLUMN IF EXISTS measure_version`);
    await q.query(`ALTER TABLE measures DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS revised_at`);
    await q.query(`DROP TABLE IF EXISTS measure_versions`);
  }
}
