import type { EntityManager } from 'typeorm';
import type { BasisRecordFacts } from '../nominations/basis-records.rules';

/**
 * What this service knows of the 双公示 records a listing or a nomination may rest on. It keeps
 * its own copy, fed by the events it consumes: `nomination_penalties` from penalty-published,
 * `nomination_commitments` from commitment-signed, `withdrawn_records` from the withdrawals and
 * corrections that take a penalty out of publicity. (The facts' shape is the rules': BasisRecordFacts.)
 */

/** Who each named record belongs to (penalties and commitments received here) and which were withdrawn. */
export async function basisRecordFacts(manager: EntityManager, recordIds: readonly string[]): Promise<BasisRecordFacts> {
  if (recordIds.length === 0) return { subjectOf: new Map(), withdrawn: new Set() };
  const ids = [...recordIds];
  const owners: { record_id: string; subject_key: string }[] = await manager.query(
    `SELECT penalty_id AS record_id, subject_key FROM nomination_penalties WHERE penalty_id = ANY($1::text[])
     UNION ALL SELECT commitment_id, subject_key FROM nomination_commitments WHERE commitment_id = ANY($1::text[])`,
    [ids],
  );
  const withdrawn: { record_id: string }[] = await manager.query(`SELECT record_id FROM withdrawn_records WHERE record_id = ANY($1::text[])`, [ids]);
  return { subjectOf: new Map(owners.map((o) => [o.record_id, o.subject_key])), withdrawn: new Set(withdrawn.map((w) => w.record_id)) };
}
