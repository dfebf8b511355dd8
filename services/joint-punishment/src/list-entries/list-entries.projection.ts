import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { ListEntryEvent } from './list-entry.decider';

/**
 * Read model of list entries and their measure applications, written in the append transaction.
 * The credit check answers from it, so an exit and its lifts are visible to checks the moment
 * they are committed.
 */
export async function projectListEntryEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as ListEntryEvent;
    switch (event.type) {
      case 'joint-punishment.list-entry-created': {
        const e = event.data;
        await manager.query(
          `INSERT INTO list_entries (id, subject_key, subject_code, masked_code, list, category, record_ids, document,
                                     initiating_unit_name, initiating_unit_code, decided_on, valid_until, status, created_at, stream_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'IN_FORCE', $13, $14)`,
          [
            e.listEntryId,
            stored.subjectKey,
            e.subjectCode,
            e.maskedCode,
            e.list,
            e.category,
            e.basis.recordIds,
            e.basis.document,
            e.initiatingUnit.name,
            e.initiatingUnit.code,
            e.decidedOn,
            e.validUntil ?? null,
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
      case 'joint-punishment.list-entry-exited':
        await manager.query(
          `UPDATE list_entries SET status = 'EXITED', exited_at = $2, exited_on = $3, exit_trigger = $4, exit_reason = $5,
                                   repair_application_id = $6, stream_version = $7
           WHERE id = $1`,
          [
            event.data.listEntryId,
            stored.recordedAt,
            event.data.exitedOn,
            event.data.trigger,
            event.data.reason,
            event.data.repairApplicationId ?? null,
            stored.streamVersion,
          ],
        );
        break;
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

async function setVersion(manager: EntityManager, id: string, version: number): Promise<void> {
  await manager.query(`UPDATE list_entries SET stream_version = $2 WHERE id = $1`, [id, version]);
}
