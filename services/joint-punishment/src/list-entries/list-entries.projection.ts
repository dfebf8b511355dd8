import type { ListExitTrigger, ListKind } from '@credit/contracts';
import { decidingUnitCodeOf, evolveListEntryFacts, keptListEntryFacts, type ListEntryFacts, type ListEntryStatus } from '@credit/credit-rules';
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { ListEntryEvent } from './list-entry.decider';

/**
 * Read model of list entries and their measure applications, written in the append transaction.
 * The credit check answers from it, so an exit and its lifts are visible to checks the moment
 * they are committed. An entry's status, term, basis records and exit are its facts, evolved by the
 * one rule of @credit/credit-rules (the row read, the event folded in, the columns written).
 */
export async function projectListEntryEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i++) {
    const stored = events[i];
    const event = { type: stored.type, data: stored.data } as ListEntryEvent;
    switch (event.type) {
      case 'joint-punishment.list-entry-created': {
        const e = event.data;
        // Created once, first in its stream: there is no row yet (nothing to read, which keeps a rebuild's writes batched).
        // The initiating unit is kept as the event names it (the facts hold it normalised).
        const facts = evolveListEntryFacts(undefined, event);
        await manager.query(
          `INSERT INTO list_entries (id, subject_key, subject_code, masked_code, list, category, record_ids, document,
                                     initiating_unit_name, initiating_unit_code, decided_on, valid_until, status, created_at, stream_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [
            e.listEntryId,
            stored.subjectKey,
            e.subjectCode,
            e.maskedCode,
            e.list,
            e.category,
            facts.recordIds,
            e.basis.document,
            e.initiatingUnit.name,
            e.initiatingUnit.code,
            e.decidedOn,
            facts.validUntil,
            facts.status,
            stored.recordedAt,
            stored.streamVersion,
          ],
        );
        break;
      }
      case 'joint-punishment.measure-applied': {
        // An entry's measures are applied (and lifted) together, one event each: the run of them is one statement.
        const run = measureRun(events, i, 'joint-punishment.measure-applied');
        i += run.length - 1;
        await manager.query(
          `INSERT INTO measure_applications (list_entry_id, measure_code, unit_code, status, applied_at, measure_version)
           SELECT $1, m.measure_code, m.unit_code, 'APPLIED', m.applied_at, m.measure_version
             FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::integer[]) AS m(measure_code, unit_code, applied_at, measure_version)`,
          [
            event.data.listEntryId,
            run.map((e) => e.data.measureCode),
            run.map((e) => e.data.unitCode),
            run.map((e) => e.stored.recordedAt),
            run.map((e) => (e.data as { measureVersion?: number }).measureVersion ?? 1),
          ],
        );
        await setVersion(manager, event.data.listEntryId, run[run.length - 1].stored.streamVersion);
        break;
      }
      case 'joint-punishment.list-entry-exited': {
        const before = await findListEntryFacts(manager, event.data.listEntryId);
        const facts = evolveListEntryFacts(before, event);
        // An exit of an entry never created here has no row to update; the exit is final, so its time and reason are the first exit's.
        if (!facts.recorded || facts.exit === null) break;
        await manager.query(
          `UPDATE list_entries SET status = $2, exited_at = COALESCE(exited_at, $3), exited_on = $4, exit_trigger = $5,
                                   exit_reason = COALESCE(exit_reason, $6), repair_application_id = $7, stream_version = $8
           WHERE id = $1`,
          [
            facts.listEntryId,
            facts.status,
            stored.recordedAt,
            facts.exit.on,
            facts.exit.trigger,
            event.data.reason,
            facts.exit.repairApplicationId ?? null,
            stored.streamVersion,
          ],
        );
        break;
      }
      case 'joint-punishment.measure-lifted': {
        const run = measureRun(events, i, 'joint-punishment.measure-lifted');
        i += run.length - 1;
        await manager.query(
          `UPDATE measure_applications a SET status = 'LIFTED', lifted_at = m.lifted_at, lift_correlation_id = m.correlation_id
             FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS m(measure_code, unit_code, lifted_at, correlation_id)
            WHERE a.list_entry_id = $1 AND a.measure_code = m.measure_code AND a.unit_code = m.unit_code`,
          [
            event.data.listEntryId,
            run.map((e) => e.data.measureCode),
            run.map((e) => e.data.unitCode),
            run.map((e) => e.stored.recordedAt),
            run.map((e) => e.stored.correlationId),
          ],
        );
        await setVersion(manager, event.data.listEntryId, run[run.length - 1].stored.streamVersion);
        break;
      }
    }
  }
}

type MeasureEventType = 'joint-punishment.measure-applied' | 'joint-punishment.measure-lifted';
type MeasureEvent<T extends MeasureEventType> = Extract<ListEntryEvent, { type: T }>;

/** The events from `start` on that are of `type` and about the same list entry as the first (at least that one). */
function measureRun<T extends MeasureEventType>(events: StoredEvent[], start: number, type: T): Array<{ stored: StoredEvent; data: MeasureEvent<T>['data'] }> {
  const first = events[start].data as MeasureEvent<T>['data'];
  const run: Array<{ stored: StoredEvent; data: MeasureEvent<T>['data'] }> = [];
  for (let j = start; j < events.length && events[j].type === type; j++) {
    const data = events[j].data as MeasureEvent<T>['data'];
    if (data.listEntryId !== first.listEntryId) break;
    run.push({ stored: events[j], data });
  }
  return run;
}

/** The facts of an entry as its row keeps them (undefined when there is no row). */
async function findListEntryFacts(manager: EntityManager, id: string): Promise<ListEntryFacts | undefined> {
  const [row]: ListEntryFactsRow[] = await manager.query(
    `SELECT id, status, list, record_ids, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, initiating_unit_code,
            to_char(exited_on, 'YYYY-MM-DD') AS exited_on, exit_trigger, repair_application_id
     FROM list_entries WHERE id = $1`,
    [id],
  );
  if (row === undefined) return undefined;
  return keptListEntryFacts(row.id, {
    recorded: true,
    status: row.status,
    list: row.list,
    recordIds: row.record_ids,
    validUntil: row.valid_until,
    decidingUnitCode: decidingUnitCodeOf({ code: row.initiating_unit_code }),
    exit:
      row.exit_trigger !== null && row.exited_on !== null
        ? { trigger: row.exit_trigger, on: row.exited_on, ...(row.repair_application_id !== null && { repairApplicationId: row.repair_application_id }) }
        : null,
  });
}

interface ListEntryFactsRow {
  id: string;
  status: ListEntryStatus;
  list: ListKind;
  record_ids: string[];
  valid_until: string | null;
  initiating_unit_code: string;
  exited_on: string | null;
  exit_trigger: ListExitTrigger | null;
  repair_application_id: string | null;
}

async function setVersion(manager: EntityManager, id: string, version: number): Promise<void> {
  await manager.query(`UPDATE list_entries SET stream_version = $2 WHERE id = $1`, [id, version]);
}
