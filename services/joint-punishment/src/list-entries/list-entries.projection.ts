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
  for (const stored of events) {
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
      case 'joint-punishment.measure-applied':
        await manager.query(
          `INSERT INTO measure_applications (list_entry_id, measure_code, unit_code, status, applied_at, measure_version) VALUES ($1, $2, $3, 'APPLIED', $4, $5)`,
          [event.data.listEntryId, event.data.measureCode, event.data.unitCode, stored.recordedAt, event.data.measureVersion ?? 1],
        );
        await setVersion(manager, event.data.listEntryId, stored.streamVersion);
        break;
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
      case 'joint-punishment.measure-lifted':
        await manager.query(
          `UPDATE measure_applications SET status = 'LIFTED', lifted_at = $4, lift_correlation_id = $5
           WHERE list_entry_id = $1 AND measure_code = $2 AND unit_code = $3`,
          [event.data.listEntryId, event.data.measureCode, event.data.unitCode, stored.recordedAt, stored.correlationId],
        );
        await setVersion(manager, event.data.listEntryId, stored.streamVersion);
        break;
    }
  }
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
