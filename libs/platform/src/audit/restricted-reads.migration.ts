import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Non-public reads made by a unit other than the one the record belongs to (operations,
 * administrators, the credit office): who read what, about whom, when. Never a clear ID number:
 * the subject is its key or masked code.
 */
export class PlatformRestrictedReads1735700000200 implements MigrationInterface {
  name = 'PlatformRestrictedReads1735700000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE restricted_reads (
        id             bigserial   PRIMARY KEY,
        read_at        timestamptz NOT NULL DEFAULT now(),
        reader_unit    text        NOT NULL,
        reader_name    text        NOT NULL,
        reader_roles   text[]      NOT NULL,
        resource       text        NOT NULL,
        resource_id    text        NOT NULL,
        owner_units    text[]      NOT NULL,
        detail         jsonb,
        correlation_id text
      )`);
    await queryRunner.query(`CREATE INDEX restricted_reads_read_at ON restricted_reads (read_at)`);
    await queryRunner.query(`CREATE INDEX restricted_reads_reader ON restricted_reads (reader_unit, read_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE restricted_reads`);
  }
}
