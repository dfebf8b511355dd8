import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who decided each record a repair may target (谁认定、谁修复): the penalty's deciding authority
 * (`authority.code` of double-publicity's penalty events) and the list entry's initiating unit
 * (`initiatingUnit.code` of joint-punishment's list-entry-created). Only that unit's reviewers
 * decide a repair of it. Rows projected before this column existed keep NULL: the events they came
 * from are not stored here, so the unit stays unknown and the decision check refuses everyone but
 * the credit office and administrators until a later event about the record fills it in.
 */
export class DecidingUnits1732200000300 implements MigrationInterface {
  name = 'DecidingUnits1732200000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_penalties ADD COLUMN deciding_unit_code text`);
    await q.query(`ALTER TABLE known_list_entries ADD COLUMN deciding_unit_code text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_list_entries DROP COLUMN IF EXISTS deciding_unit_code`);
    await q.query(`ALTER TABLE known_penalties DROP COLUMN IF EXISTS deciding_unit_code`);
  }
}
