import type { PenaltyFacts, PublicityDeparture } from '@credit/credit-rules';
import type { EntityManager } from 'typeorm';
import { everyBasisRecordWithdrawn } from './basis-withdrawal.rules';

export interface WithdrawnRecord {
  recordId: string;
  subjectKey: string;
  reason: string;
  withdrawnOn: string;
}

/**
 * This service's own memory of the records that left publicity (domain.md §5, 修复退出): list
 * entries name several records, and the withdrawals arrive one by one, so the earlier ones must be
 * remembered for the last one to exit the entry. Written in the inbox transaction of the
 * withdrawal event; a second delivery of the same withdrawal changes nothing.
 */
export async function recordWithdrawal(manager: EntityManager, record: WithdrawnRecord, recordedAt: Date): Promise<void> {
  await manager.query(
    `INSERT INTO withdrawn_records (record_id, subject_key, reason, withdrawn_on, recorded_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (record_id) DO NOTHING`,
    [record.recordId, record.subjectKey, record.reason, record.withdrawnOn, recordedAt],
  );
}

/**
 * What this service knows of a penalty's publicity: only whether and how it left it. The facts its
 * next event is evolved from (@credit/credit-rules); undefined when it never left publicity here.
 * Corrected out of publicity it may come back (not published meanwhile); withdrawn, it is final.
 */
export async function findWithdrawal(manager: EntityManager, recordId: string): Promise<PenaltyFacts | undefined> {
  const [row]: { reason: string; withdrawn_on: string }[] = await manager.query(
    `SELECT reason, to_char(withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on FROM withdrawn_records WHERE record_id = $1`,
    [recordId],
  );
  if (!row) return undefined;
  return {
    penaltyId: recordId,
    recorded: false,
    status: row.reason === 'CORRECTION' ? 'NOT_PUBLISHED' : 'WITHDRAWN',
    severity: null,
    from: null,
    minimumUntil: null,
    maximumUntil: null,
    decidingUnitCode: null,
    departure: { reason: row.reason as PublicityDeparture['reason'], on: row.withdrawn_on },
  };
}

/** In-force entries naming the record whose every basis record has now been withdrawn. */
export async function entriesWithEveryRecordWithdrawn(manager: EntityManager, recordId: string): Promise<{ id: string; subjectKey: string }[]> {
  const rows: { id: string; subject_key: string; record_ids: string[]; withdrawn: string[] }[] = await manager.query(
    `SELECT e.id, e.subject_key, e.record_ids,
            ARRAY(SELECT w.record_id FROM withdrawn_records w WHERE w.record_id = ANY(e.record_ids)) AS withdrawn
     FROM list_entries e
     WHERE e.status = 'IN_FORCE' AND e.record_ids @> ARRAY[$1]::text[]
     ORDER BY e.created_at, e.id`,
    [recordId],
  );
  return rows
    .filter((row) => everyBasisRecordWithdrawn(row.record_ids, new Set(row.withdrawn)))
    .map((row) => ({ id: row.id, subjectKey: row.subject_key }));
}
