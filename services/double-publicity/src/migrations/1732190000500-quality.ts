import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batch items refused as INVALID, counted per department and decision date for the quality
 * figures (合规率, domain.md §2): they were submitted but never stored, so the record tables cannot
 * count them. Written in the batch's transaction.
 */
export class DoublePublicityQuality1732190000500 implements MigrationInterface {
  name = 'DoublePublicityQuality1732190000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refused_intake_items (
        source_unit_code text NOT NULL,
        decided_on       date NOT NULL,
        kind             text NOT NULL,
        refused          int NOT NULL,
        PRIMARY KEY (source_unit_code, decided_on, kind)
      )`);
    await q.query(`CREATE INDEX objections_source_unit_idx ON objections (source_unit_code, filed_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS objections_source_unit_idx`);
    await q.query(`DROP TABLE IF EXISTS refused_intake_items`);
  }
}
