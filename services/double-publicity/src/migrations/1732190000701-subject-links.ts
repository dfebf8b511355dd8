import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records about subjects the registry does not know yet: accepted (the decision is authoritative and
 * its deadlines run), flagged unlinked, linked when the subject is registered. `known_subjects` is
 * fed by subject-registry's events; a record's link is set on insert by a trigger, so that single
 * and batch intake and a projection rebuild all mark it alike.
 */
export class DoublePublicitySubjectLinks1732190000701 implements MigrationInterface {
  name = 'DoublePublicitySubjectLinks1732190000701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE known_subjects (subject_key text PRIMARY KEY, registered_at timestamptz NOT NULL, event_id uuid NOT NULL)`);
    // Records stored before this migration: their subjects are unknown here until the registry's events are read.
    await q.query(`ALTER TABLE penalties ADD COLUMN subject_linked boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE licenses ADD COLUMN subject_linked boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE FUNCTION record_subject_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.subject_linked := EXISTS (SELECT 1 FROM known_subjects WHERE subject_key = NEW.subject_key);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER penalties_subject_link BEFORE INSERT ON penalties FOR EACH ROW EXECUTE FUNCTION record_subject_link()`);
    await q.query(`CREATE TRIGGER licenses_subject_link BEFORE INSERT ON licenses FOR EACH ROW EXECUTE FUNCTION record_subject_link()`);
    await q.query(`CREATE INDEX penalties_unlinked_idx ON penalties (subject_key) WHERE NOT subject_linked`);
    await q.query(`CREATE INDEX licenses_unlinked_idx ON licenses (subject_key) WHERE NOT subject_linked`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS licenses_subject_link ON licenses`);
    await q.query(`DROP TRIGGER IF EXISTS penalties_subject_link ON penalties`);
    await q.query(`DROP FUNCTION IF EXISTS record_subject_link()`);
    await q.query(`ALTER TABLE licenses DROP COLUMN IF EXISTS subject_linked`);
    await q.query(`ALTER TABLE penalties DROP COLUMN IF EXISTS subject_linked`);
    await q.query(`DROP TABLE IF EXISTS known_subjects`);
  }
}
