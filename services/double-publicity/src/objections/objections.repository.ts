/** The objections' read model (`objections`) and the records objected to, as the objections read them. */
import type { ObjectionOutcome, ObjectionRecordType } from '@credit/contracts';
import type { CalendarBasis } from '@credit/domain-kernel';
import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface ObjectionRow {
  id: string;
  record_id: string;
  record_type: ObjectionRecordType;
  subject_key: string;
  masked_code: string;
  status: 'OPEN' | 'RESOLVED';
  filed_on: string;
  due_by: Date;
  due_by_calendar: CalendarBasis[] | null;
  due_by_provisional: boolean;
  outcome: ObjectionOutcome | null;
  note: string | null;
  resolved_on: string | null;
  late: boolean | null;
  correction_event_id: string | null;
  publicity_status: string | null;
  website_updated_at: Date | null;
  /** The source unit of the record objected to: the only unit that resolves the objection. */
  record_source_unit: string;
}

/** Where the open objections' due times are kept, for the platform's recomputation on a published calendar. */
export const OPEN_OBJECTIONS = { table: 'objections', fromColumn: 'filed_on', openWhere: "status = 'OPEN'" };

/** The penalty or licence record an objection names (a licence is always public), or undefined. */
export async function findObjectedRecord(
  db: Queryable,
  recordId: string,
): Promise<{ subject_key: string; publicity_status: string; record_type: ObjectionRecordType } | undefined> {
  const [record]: { subject_key: string; publicity_status: string; record_type: ObjectionRecordType }[] = await db.query(
    `SELECT subject_key, publicity_status, 'PENALTY' AS record_type FROM penalties WHERE id = $1
       UNION ALL SELECT subject_key, 'PUBLISHED', 'LICENSE' FROM licenses WHERE id = $1`,
    [recordId],
  );
  return record;
}

/** The action type of an administrative action record, or undefined when there is none of that id. */
export async function findAdministrativeActionType(db: Queryable, recordId: string): Promise<{ action_type: string } | undefined> {
  const [action]: { action_type: string }[] = await db.query(`SELECT action_type FROM administrative_actions WHERE id = $1`, [recordId]);
  return action;
}

/** The objection with its dates as YYYY-MM-DD, its penalty's publicity and the record's source unit, or undefined. */
export async function findObjection(db: Queryable, id: string): Promise<ObjectionRow | undefined> {
  const [row] = await db.query(
    `SELECT o.*, to_char(o.filed_on, 'YYYY-MM-DD') AS filed_on, to_char(o.resolved_on, 'YYYY-MM-DD') AS resolved_on, p.publicity_status,
              COALESCE(p.source_unit_code, l.source_unit_code) AS record_source_unit
         FROM objections o LEFT JOIN penalties p ON p.id = o.record_id LEFT JOIN licenses l ON l.id = o.record_id WHERE o.id = $1`,
    [id],
  );
  return row;
}

/** Records, once, when the credit website showed what an upheld objection changed. */
export async function markObjectionWebsiteUpdated(manager: EntityManager, objectionId: string, at: string): Promise<void> {
  await manager.query(`UPDATE objections SET website_updated_at = COALESCE(website_updated_at, $2) WHERE id = $1`, [objectionId, at]);
}
