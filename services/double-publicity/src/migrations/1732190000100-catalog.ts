import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of the departments' catalogs (事项目录): every version of every matter. */
export class DoublePublicityCatalog1732190000100 implements MigrationInterface {
  name = 'DoublePublicityCatalog1732190000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_matters (
        department_code text NOT NULL,
        code            text NOT NULL,
        matter_version  int NOT NULL,
        kind            text NOT NULL,
        name            text NOT NULL,
        legal_basis     text,
        defined_at      timestamptz NOT NULL,
        event_id        uuid NOT NULL,
        PRIMARY KEY (department_code, code, matter_version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS catalog_matters`);
  }
}
