import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DoublePublicityCatalog1732190000100 } from './1732190000100-catalog';
import { DoublePublicityLicenses1732190000200 } from './1732190000200-licenses';
import { DoublePublicityObjections1732190000300 } from './1732190000300-objections';
import { DoublePublicityObjectionCalendar1732190000800 } from './1732190000800-objection-calendar';
import { DoublePublicityObjectionWebsite1732190000801 } from './1732190000801-objection-website';
import { DoublePublicitySchedules1732190000400 } from './1732190000400-schedules';
import { DoublePublicityQuality1732190000500 } from './1732190000500-quality';
import { DoublePublicityAdministrativeActions1732190000600 } from './1732190000600-administrative-actions';
import { DoublePublicityObjectionRecords1732190000700 } from './1732190000700-objection-records';
import { DoublePublicitySubjectLinks1732190000701 } from './1732190000701-subject-links';
import { DoublePublicityVaultHandoffs1732190000702 } from './1732190000702-vault-handoffs';

/** Read model of penalty records and their publicity, fed by the service's own events in the append transaction. */
export class DoublePublicity1732190000000 implements MigrationInterface {
  name = 'DoublePublicity1732190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE penalties (
        id                    uuid PRIMARY KEY,
        subject_key           text NOT NULL,
        decision_number       text NOT NULL,
        authority_code        text NOT NULL,
        source_unit_code      text NOT NULL,
        decided_on            date NOT NULL,
        severity              text NOT NULL,
        timely                boolean NOT NULL,
        publicity_status      text NOT NULL,
        publicity_regime      text NOT NULL,
        publicity_from        date,
        minimum_until         date,
        maximum_until         date,
        not_published_reason  text,
        withdrawal            jsonb,
        record                jsonb NOT NULL,
        recorded_at           timestamptz NOT NULL,
        stream_version        int NOT NULL,
        -- One decision of one authority is one record (api-contract: duplicate → 409).
        CONSTRAINT penalties_decision_unique UNIQUE (authority_code, decision_number)
      )`);
    await q.query(`CREATE INDEX penalties_subject_idx ON penalties (subject_key)`);
    await q.query(`CREATE INDEX penalties_source_unit_idx ON penalties (source_unit_code, decided_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS penalties`);
  }
}

export const doublePublicityMigrations = [
  DoublePublicity1732190000000,
  DoublePublicityCatalog1732190000100,
  DoublePublicityLicenses1732190000200,
  DoublePublicityObjections1732190000300,
  DoublePublicitySchedules1732190000400,
  DoublePublicityQuality1732190000500,
  DoublePublicityAdministrativeActions1732190000600,
  DoublePublicityObjectionRecords1732190000700,
  DoublePublicitySubjectLinks1732190000701,
  DoublePublicityVaultHandoffs1732190000702,
  DoublePublicityObjectionCalendar1732190000800,
  DoublePublicityObjectionWebsite1732190000801,
];
