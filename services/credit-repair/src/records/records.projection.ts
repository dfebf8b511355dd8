/**
 * What credit-repair knows of penalties, list entries and 信用修复型 commitments: written from
 * other services' events through the inbox transaction, read by the eligibility rules. Upserts
 * keyed by the record id, so a replay into fresh tables rebuilds the same rows.
 */
import type {
  CommitmentFulfilmentRecordedV1,
  CommitmentSignedV1,
  EventEnvelope,
  ListEntryCreatedV1,
  ListEntryExitedV1,
  PenaltyPublicityWithdrawnV1,
  PenaltyPublishedV1,
  PenaltyRecordedUnpublishedV1,
} from '@credit/contracts';
import type { EntityManager } from 'typeorm';
import type { ListEntryRecord, PenaltyRecord, RepairCommitmentRecord } from '../repairs/eligibility.rules';

export async function projectPenaltyPublished(manager: EntityManager, event: EventEnvelope<PenaltyPublishedV1>): Promise<void> {
  const { penaltyId, publicity } = event.data;
  await manager.query(
    `INSERT INTO known_penalties (id, subject_key, status, minimum_until, maximum_until, event_id) VALUES ($1, $2, 'PUBLISHED', $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET status = 'PUBLISHED', minimum_until = $3, maximum_until = $4, event_id = $5`,
    [penaltyId, event.subjectKey, publicity.minimumUntil, publicity.maximumUntil, event.id],
  );
}

export async function projectPenaltyUnpublished(manager: EntityManager, event: EventEnvelope<PenaltyRecordedUnpublishedV1>): Promise<void> {
  await manager.query(
    `INSERT INTO known_penalties (id, subject_key, status, event_id) VALUES ($1, $2, 'NOT_PUBLISHED', $3)
     ON CONFLICT (id) DO UPDATE SET status = 'NOT_PUBLISHED', event_id = $3`,
    [event.data.penaltyId, event.subjectKey, event.id],
  );
}

export async function projectPublicityWithdrawn(manager: EntityManager, event: EventEnvelope<PenaltyPublicityWithdrawnV1>): Promise<void> {
  await manager.query(`UPDATE known_penalties SET status = 'WITHDRAWN', event_id = $2 WHERE id = $1`, [event.data.penaltyId, event.id]);
}

export async function projectListEntryCreated(manager: EntityManager, event: EventEnvelope<ListEntryCreatedV1>): Promise<void> {
  const { listEntryId, basis, validUntil } = event.data;
  await manager.query(
    `INSERT INTO known_list_entries (id, subject_key, record_ids, status, valid_until, event_id) VALUES ($1, $2, $3, 'IN_FORCE', $4, $5)
     ON CONFLICT (id) DO UPDATE SET record_ids = $3, status = 'IN_FORCE', valid_until = $4, event_id = $5`,
    [listEntryId, event.subjectKey, basis.recordIds, validUntil ?? null, event.id],
  );
}

export async function projectListEntryExited(manager: EntityManager, event: EventEnvelope<ListEntryExitedV1>): Promise<void> {
  await manager.query(`UPDATE known_list_entries SET status = 'EXITED', event_id = $2 WHERE id = $1`, [event.data.listEntryId, event.id]);
}

/** Only 信用修复型 commitments matter for repair (domain.md §4); the others are not kept. */
export async function projectCommitmentSigned(manager: EntityManager, event: EventEnvelope<CommitmentSignedV1>): Promise<void> {
  const c = event.data;
  if (c.type !== 'CREDIT_REPAIR') return;
  await manager.query(
    `INSERT INTO known_repair_commitments (id, subject_key, public, signed_on, valid_until, event_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET public = $3, signed_on = $4, valid_until = $5, event_id = $6`,
    [c.commitmentId, event.subjectKey, c.public, c.signedOn, c.validUntil ?? null, event.id],
  );
}

/** A fulfilment of a commitment not kept here is one of another type: nothing to record. */
export async function projectCommitmentFulfilment(manager: EntityManager, event: EventEnvelope<CommitmentFulfilmentRecordedV1>): Promise<void> {
  await manager.query(`UPDATE known_repair_commitments SET outcome = $2, event_id = $3 WHERE id = $1`, [event.data.commitmentId, event.data.outcome, event.id]);
}

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

export async function findPenalty(manager: EntityManager, id: string): Promise<PenaltyRecord | null> {
  const [row] = await manager.query(
    `SELECT id, subject_key, status, ${DATE('minimum_until')} AS minimum_until, ${DATE('maximum_until')} AS maximum_until FROM known_penalties WHERE id = $1`,
    [id],
  );
  return row ? { id: row.id, subjectKey: row.subject_key, status: row.status, minimumUntil: row.minimum_until, maximumUntil: row.maximum_until } : null;
}

export async function findListEntry(manager: EntityManager, id: string): Promise<ListEntryRecord | null> {
  const [row] = await manager.query(`SELECT id, subject_key, status, ${DATE('valid_until')} AS valid_until FROM known_list_entries WHERE id = $1`, [id]);
  return row ? { id: row.id, subjectKey: row.subject_key, status: row.status, validUntil: row.valid_until } : null;
}

/** The subject's 信用修复型 commitments, and the one named by id (whoever signed it), oldest first. */
export async function findRepairCommitments(manager: EntityManager, subjectKey: string, commitmentId?: string): Promise<RepairCommitmentRecord[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT id, subject_key, public, ${DATE('signed_on')} AS signed_on, ${DATE('valid_until')} AS valid_until, outcome
     FROM known_repair_commitments WHERE subject_key = $1 OR id = $2 ORDER BY signed_on, id`,
    [subjectKey, commitmentId ?? null],
  );
  return rows.map((r) => ({
    id: r.id as string,
    subjectKey: r.subject_key as string,
    public: r.public as boolean,
    signedOn: r.signed_on as string,
    validUntil: (r.valid_until as string | null) ?? null,
    outcome: (r.outcome as RepairCommitmentRecord['outcome']) ?? null,
  }));
}
