/** The nominations' SQL outside their projection: nominations and proposals read, and the facts the proposal rules draw on. */
import type { CommitmentConsequence, ListKind } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { NominationStatus } from './nomination.decider';
import type { PenaltyFact, ProposalDraft } from './nomination.rules';

type Db = DataSource | EntityManager;

export interface NominationRow {
  id: string;
  subject_key: string;
  subject_code: string | null;
  masked_code: string;
  list: ListKind;
  category: string;
  record_ids: string[];
  documents: { name: string; number: string }[];
  deciding_unit_code: string;
  deciding_unit_name: string;
  decided_on: string;
  valid_until: string | null;
  proposal_id: string | null;
  status: NominationStatus;
  submitted_by: string;
  submitted_at: Date;
  reviewed_by_department: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  list_entry_id: string | null;
  stream_version: number;
}

const COLUMNS = `*, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, to_char(valid_until, 'YYYY-MM-DD') AS valid_until`;

export interface ProposalRow {
  id: string;
  rule_code: string;
  subject_key: string;
  masked_code: string;
  list: string;
  penalty_ids: string[];
  commitment_ids: string[];
  reason: string;
  status: 'OPEN' | 'NOMINATED';
  nomination_id: string | null;
  proposed_at: Date;
  updated_at: Date;
}

/** A nomination proposal, locked for this transaction (undefined when there is none). */
export async function lockProposal(manager: EntityManager, id: string): Promise<{ subject_key: string; list: string; status: string } | undefined> {
  const [proposal]: { subject_key: string; list: string; status: string }[] = await manager.query(
    `SELECT subject_key, list, status FROM nomination_proposals WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return proposal;
}

/** A nomination's row, its dates as YYYY-MM-DD (undefined when there is none). */
export async function findNomination(db: Db, id: string): Promise<NominationRow | undefined> {
  const [row]: NominationRow[] = await db.query(`SELECT ${COLUMNS} FROM nominations WHERE id::text = $1`, [id]);
  return row;
}

/** One page of the nominations, newest first, with the total: of one status and of one deciding unit, if given. */
export async function listNominations(
  db: Db,
  filter: { status?: NominationStatus; unit: string | null },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: NominationRow[] }> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (filter.status !== undefined) {
    params.push(filter.status);
    conditions.push(`status = $${params.length}`);
  }
  if (filter.unit !== null) {
    params.push(filter.unit);
    conditions.push(`deciding_unit_code = $${params.length}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM nominations ${where}`, params);
  const rows: NominationRow[] = await db.query(
    `SELECT ${COLUMNS} FROM nominations ${where} ORDER BY submitted_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

/** Remembers a published penalty as a fact the proposal rules draw on (once per penalty). */
export async function rememberPenaltyFact(manager: EntityManager, subjectKey: string, fact: PenaltyFact): Promise<void> {
  await manager.query(
    `INSERT INTO nomination_penalties (penalty_id, subject_key, violation_type, severity, decided_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (penalty_id) DO NOTHING`,
    [fact.penaltyId, subjectKey, fact.violationType, fact.severity, fact.decidedOn],
  );
}

/** The penalties of a subject remembered here for one violation type. */
export function penaltyFactsOf(manager: EntityManager, subjectKey: string, violationType: string): Promise<PenaltyFact[]> {
  return manager.query(
    `SELECT penalty_id AS "penaltyId", violation_type AS "violationType", severity, to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn"
       FROM nomination_penalties WHERE subject_key = $1 AND violation_type = $2`,
    [subjectKey, violationType],
  );
}

/** Remembers who signed a commitment and what its matter makes of a breach (once per commitment). */
export async function rememberCommitmentSigner(
  manager: EntityManager,
  commitmentId: string,
  subjectKey: string,
  maskedCode: string,
  consequence: CommitmentConsequence | undefined,
): Promise<void> {
  await manager.query(
    `INSERT INTO nomination_commitments (commitment_id, subject_key, masked_code, consequence) VALUES ($1, $2, $3, $4) ON CONFLICT (commitment_id) DO NOTHING`,
    [commitmentId, subjectKey, maskedCode, consequence ?? null],
  );
}

/**
 * The masked code of a commitment's signer and its matter's consequence of a breach (undefined when
 * its signature was not received; consequence undefined when it was signed without a listed matter).
 */
export async function signedCommitment(manager: EntityManager, commitmentId: string): Promise<{ maskedCode: string; consequence?: CommitmentConsequence } | undefined> {
  const [signed]: { masked_code: string; consequence: CommitmentConsequence | null }[] = await manager.query(
    `SELECT masked_code, consequence FROM nomination_commitments WHERE commitment_id = $1`,
    [commitmentId],
  );
  return signed && { maskedCode: signed.masked_code, ...(signed.consequence !== null && { consequence: signed.consequence }) };
}

/** Opens a proposal, or adds the draft's records to the open one of the same rule, subject and group. */
export async function upsertProposal(manager: EntityManager, subjectKey: string, maskedCode: string, draft: ProposalDraft): Promise<void> {
  await manager.query(
    `INSERT INTO nomination_proposals (id, rule_code, subject_key, masked_code, list, group_key, penalty_ids, commitment_ids, reason, status, proposed_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', now(), now())
       ON CONFLICT (rule_code, subject_key, group_key) DO UPDATE
         SET penalty_ids = ARRAY(SELECT DISTINCT unnest(nomination_proposals.penalty_ids || EXCLUDED.penalty_ids) ORDER BY 1),
             commitment_ids = ARRAY(SELECT DISTINCT unnest(nomination_proposals.commitment_ids || EXCLUDED.commitment_ids) ORDER BY 1),
             updated_at = now()`,
    [draft.ruleCode, subjectKey, maskedCode, draft.list, draft.groupKey, draft.penaltyIds, draft.commitmentIds ?? [], draft.reason],
  );
}

/** One page of the proposals, newest first, with the total. */
export async function listProposals(db: Db, limit: number, offset: number): Promise<{ total: number; rows: ProposalRow[] }> {
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM nomination_proposals`);
  const rows: ProposalRow[] = await db.query(
    `SELECT * FROM nomination_proposals ORDER BY proposed_at DESC, id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return { total, rows };
}
