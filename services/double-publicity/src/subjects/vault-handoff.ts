/**
 * The hand-off of natural persons' clear ID numbers to subject-registry's vault (architecture.md,
 * Personal data: the clear number lives only there, encrypted at rest). Intake turns the number into
 * the subject key and its masked form for the record and the events; the number itself is written,
 * sealed, to `vault_handoffs` in the same transaction as the append, and the relay below delivers it
 * to `PUT /api/v1/vault/{subjectKey}` and deletes the row only after a 2xx. A registry that is down
 * loses nothing: the row waits, and the relay retries with backoff, across restarts.
 *
 * Why not an event: topics keep events forever and every consumer would hold the number; why not a
 * synchronous call at intake: intake would fail whenever the registry is down.
 */
import { encryptField, validateCitizenId } from '@credit/domain-kernel';
import type { EntityManager } from 'typeorm';
import type { DoublePublicityConfig } from '../config';
import { insertVaultHandoff } from './vault-handoffs.repository';

/** The identity blocks of a record's subject that may hold a citizen ID number. */
export interface IdentityHolder {
  kind: string;
  code: string;
  documentType?: string;
  legalRepresentativeDocument?: { type: string; number: string };
}

/** Seals each citizen ID number the subject block names (the person's own, a legal representative's ID card). */
export async function stageVaultHandoffs(manager: EntityManager, config: DoublePublicityConfig, subject: IdentityHolder): Promise<void> {
  const numbers: string[] = [];
  if (subject.kind === 'NATURAL_PERSON' && (subject.documentType === undefined || subject.documentType === 'ID_CARD')) numbers.push(subject.code);
  if (subject.legalRepresentativeDocument?.type === 'ID_CARD') numbers.push(subject.legalRepresentativeDocument.number);
  for (const raw of numbers) {
    const checked = validateCitizenId(raw.trim().toUpperCase());
    // Intake has checked the numbers it keeps; one that is not a citizen ID is not the vault's.
    if (!checked.valid) continue;
    const subjectKey = config.subjectIdentity.keyFor('NATURAL_PERSON', checked.normalized);
    await insertVaultHandoff(manager, subjectKey, encryptField(checked.normalized, config.piiEncryptionKey, subjectKey));
  }
}
