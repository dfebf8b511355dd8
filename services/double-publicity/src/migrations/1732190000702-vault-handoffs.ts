import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clear ID numbers on their way to subject-registry's vault: written sealed (AES-256-GCM, the subject
 * key as associated data) in the intake transaction, deleted once the vault answered 2xx.
 */
export class DoublePublicityVaultHandoffs1732190000702 implements MigrationInterface {
  name = 'DoublePublicityVaultHandoffs1732190000702';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vault_handoffs (
        id              bigserial PRIMARY KEY,
        subject_key     text NOT NULL,
        id_ciphertext   text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        attempts        int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error      text
      )`);
    await q.query(`CREATE INDEX vault_handoffs_due_idx ON vault_handoffs (next_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS vault_handoffs`);
  }
}
