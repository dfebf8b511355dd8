import type { MigrationInterface, QueryRunner } from 'typeorm';
import { writePublicCommitments } from '../public/public.repository';
import type { SubjectState } from '../public/subject-view.projection';

/**
 * The website's paged list of public commitments (信用承诺公示) with their fulfilment: one row per
 * public commitment not closed, rewritten with the subject's view in the inbox transaction; whether
 * it still binds (valid_until) is applied when reading. Filled here from the subject views already
 * folded, by the same writer as the live consumer.
 */
export class CreditPortalPublicCommitments1732270000000 implements MigrationInterface {
  name = 'CreditPortalPublicCommitments1732270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_commitments (
        commitment_id         text PRIMARY KEY,
        subject_key           text NOT NULL,
        accepting_unit_code   text NOT NULL,
        type                  text NOT NULL,
        signed_on             date NOT NULL,
        valid_until           date,
        fulfilment            text,
        entry                 jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX public_commitments_signed_idx ON public_commitments (signed_on DESC, commitment_id)`);
    await q.query(`CREATE INDEX public_commitments_subject_idx ON public_commitments (subject_key)`);
    await q.query(`CREATE INDEX public_commitments_unit_idx ON public_commitments (accepting_unit_code)`);
    const rows: { subject_key: string; state: SubjectState }[] = await q.query(`SELECT subject_key, state FROM subject_views WHERE state->'commitments' <> '{}'::jsonb`);
    await writePublicCommitments(q.manager, new Map(rows.map((r) => [r.subject_key, r.state])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS public_commitments`);
  }
}
