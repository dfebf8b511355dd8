import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The paged publication lists of the website (双公示: GET /public/penalties, /public/licenses): one
 * row per penalty not withdrawn and per licence, as the website shows it (subject masked), rewritten
 * with the subject's view in the inbox transaction. A penalty's publicity window is applied when
 * reading, because it depends on the day of the request.
 */
export class CreditPortalPublicPublications1732250000000 implements MigrationInterface {
  name = 'CreditPortalPublicPublications1732250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_penalties (
        penalty_id        text PRIMARY KEY,
        subject_key       text NOT NULL,
        decided_on        date NOT NULL,
        publicity_from    date NOT NULL,
        publicity_until   date NOT NULL,
        authority_code    text NOT NULL,
        source_unit_code  text,
        entry             jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX public_penalties_decided_idx ON public_penalties (decided_on DESC, penalty_id)`);
    await q.query(`CREATE INDEX public_penalties_subject_idx ON public_penalties (subject_key)`);
    await q.query(`
      CREATE TABLE public_licenses (
        license_id        text PRIMARY KEY,
        subject_key       text NOT NULL,
        decided_on        date NOT NULL,
        authority_code    text NOT NULL,
        source_unit_code  text,
        entry             jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX public_licenses_decided_idx ON public_licenses (decided_on DESC, license_id)`);
    await q.query(`CREATE INDEX public_licenses_subject_idx ON public_licenses (subject_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS public_penalties, public_licenses`);
  }
}
