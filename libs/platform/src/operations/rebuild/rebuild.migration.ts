import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator's projection rebuilds: who asked for which, and how far each got (the engine's
 * state, for `GET /api/v1/ops/rebuilds/{id}` and for resuming).
 */
export class PlatformProjectionRebuilds1735700000300 implements MigrationInterface {
  name = 'PlatformProjectionRebuilds1735700000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_rebuilds (
        id             uuid        PRIMARY KEY,
        projection     text        NOT NULL,
        status         text        NOT NULL,
        state          jsonb       NOT NULL,
        requested_by   jsonb       NOT NULL,
        correlation_id text        NOT NULL,
        requested_at   timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX projection_rebuilds_projection ON projection_rebuilds (projection, requested_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_rebuilds`);
  }
}
