import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 双随机、一公开: the departments' inspection plans and the results reported for them, kept as the
 * website publishes them. A plan is kept when drawn and shown from the day after its date
 * (credit-rules `inspectionPlanPublicFrom`, stored as `public_from`, applied when reading); a
 * result may arrive before its plan (different topics), so results are their own rows.
 */
export class CreditPortalPublicInspectionPlans1732260000000 implements MigrationInterface {
  name = 'CreditPortalPublicInspectionPlans1732260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_inspection_plans (
        plan_id          text PRIMARY KEY,
        department_code  text NOT NULL,
        plan_date        date NOT NULL,
        public_from      date NOT NULL,
        plan             jsonb NOT NULL,
        recorded_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX public_inspection_plans_date_idx ON public_inspection_plans (plan_date DESC, plan_id)`);
    await q.query(`
      CREATE TABLE public_inspection_results (
        plan_id      text NOT NULL,
        subject_key  text NOT NULL,
        outcome      text NOT NULL,
        note         text NOT NULL,
        reported_on  date NOT NULL,
        recorded_at  timestamptz NOT NULL,
        PRIMARY KEY (plan_id, subject_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS public_inspection_plans, public_inspection_results`);
  }
}
