/**
 * What credit-repair knows of penalties, list entries and 信用修复型 commitments: written from
 * other services' events through the inbox transaction, read by the eligibility rules and, for
 * the unit that decided each penalty and list entry, by the access rules. Upserts
 * keyed by the record id, so a replay into fresh tables rebuilds the same rows.
 */
import type { CommitmentClosedV1, CommitmentFulfilmentRecordedV1, CommitmentSignedV1, EventEnvelope } from '@credit/contracts';
import {
  evolveListEntryFacts,
  evolvePenaltyFacts,
  keptListEntryFacts,
  keptPenaltyFacts,
  type ListEntryFacts,
  type ListEntryFactsEvent,
  type PenaltyFacts,
  type PenaltyFactsEvent,
  type PenaltyPublicityStatus,
} from '@credit/credit-rules';
import type { EntityManager } from 'typeorm';
import type { ListEntryRecord, PenaltyRecord, RepairCommitmentRecord } from '../repairs/eligibility.rules';
import type { ApplicationAccess } from '../repairs/repair-access.rules';

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/**
 * A penalty event (published, recorded unpublished, corrected, withdrawn): the known row is evolved
 * by the one rule of @credit/credit-rules. Its deciding authority is kept with it: only that
 * authority's reviewers decide its repair (谁认定、谁修复). A withdrawal of a penalty never seen here
 * writes nothing (eligibility needs the record itself).
 */
export async function projectPenaltyEvent(manager: EntityManager, event: EventEnvelope<PenaltyFactsEvent['data']>): Promise<void> {
  const [row] = await manager.query(
    `SELECT id, status, ${DATE('minimum_until')} AS minimum_until, ${DATE('maximum_until')} AS maximum_until, deciding_unit_code FROM known_penalties WHERE id = $1`,
    [event.data.penaltyId],
  );
  const before: PenaltyFacts | undefined =
    row &&
    keptPenaltyFacts(row.id, {
      recorded: true,
      status: row.status as PenaltyPublicityStatus,
      minimumUntil: row.minimum_until ?? null,
      maximumUntil: row.maximum_until ?? null,
      decidingUnitCode: row.deciding_unit_code ?? null,
    });
  const facts = evolvePenaltyFacts(before, event as PenaltyFactsEvent & EventEnvelope<PenaltyFactsEvent['data']>);
  if (!facts.recorded) return;
  await manager.query(
    `INSERT INTO known_penalties (id, subject_key, status, minimum_until, maximum_until, event_id, deciding_unit_code) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET status = $3, minimum_until = $4, maximum_until = $5, event_id = $6, deciding_unit_code = $7`,
    [facts.penaltyId, event.subjectKey, facts.status, facts.minimumUntil, facts.maximumUntil, event.id, facts.decidingUnitCode],
  );
}

/**
 * A list entry event (created, exited), evolved by the rule of @credit/credit-rules. The entry's
 * initiating unit (认定发起单位) is kept with it: only that unit's reviewers decide its repair. An
 * exit of an entry never seen here writes nothing.
 */
export async function projectListEntryEvent(manager: EntityManager, event: EventEnvelope<ListEntryFactsEvent['data']>): Promise<void> {
  const [row] = await manager.query(
    `SELECT id, record_ids, status, ${DATE('valid_until')} AS valid_until, deciding_unit_code FROM known_list_entries WHERE id = $1`,
    [event.data.listEntryId],
  );
  const before: ListEntryFacts | undefined =
    row && keptListEntryFacts(row.id, { recorded: true, status: row.status, recordIds: row.record_ids, validUntil: row.valid_until ?? null, decidingUnitCode: row.deciding_unit_code ?? null });
  const facts = evolveListEntryFacts(before, event as ListEntryFactsEvent & EventEnvelope<ListEntryFactsEvent['data']>);
  if (!facts.recorded) return;
  await manager.query(
    `INSERT INTO known_list_entries (id, subject_key, record_ids, status, valid_until, event_id, deciding_unit_code) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET record_ids = $3, status = $4, valid_until = $5, event_id = $6, deciding_unit_code = $7`,
    [facts.listEntryId, event.subjectKey, facts.recordIds, facts.status, facts.validUntil, event.id, facts.decidingUnitCode],
  );
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

/** A commitment that expired or was withdrawn (a closure of one not kept here is of another type: nothing to record). */
export async function projectCommitmentClosed(manager: EntityManager, event: EventEnvelope<CommitmentClosedV1>): Promise<void> {
  await manager.query(`UPDATE known_repair_commitments SET closure = $2, event_id = $3 WHERE id = $1`, [event.data.commitmentId, event.data.status, event.id]);
}

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
    `SELECT id, subject_key, public, ${DATE('signed_on')} AS signed_on, ${DATE('valid_until')} AS valid_until, outcome, closure
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
    closure: (r.closure as RepairCommitmentRecord['closure']) ?? null,
  }));
}

/**
 * An application with what its access is judged from: its subject and the unit that decided its
 * target (null when the target's record predates that column, or never arrived). Null when there
 * is no such application.
 */
export async function findApplicationAccess(manager: EntityManager, applicationId: string): Promise<ApplicationAccess | null> {
  const [row] = await manager.query(
    `SELECT a.id, a.subject_key, a.subject_code, a.target_type, a.target_id,
            CASE a.target_type WHEN 'PENALTY' THEN p.deciding_unit_code ELSE l.deciding_unit_code END AS target_deciding_unit_code
     FROM repair_applications a
     LEFT JOIN known_penalties p ON a.target_type = 'PENALTY' AND p.id = a.target_id
     LEFT JOIN known_list_entries l ON a.target_type = 'LIST_ENTRY' AND l.id = a.target_id
     WHERE a.id = $1`,
    [applicationId],
  );
  if (!row) return null;
  return {
    applicationId: row.id,
    subjectKey: row.subject_key,
    subjectCode: row.subject_code ?? null,
    target: { type: row.target_type, id: row.target_id },
    decidingUnitCode: row.target_deciding_unit_code ?? null,
  };
}
