import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { MeasureExecutionEvent } from './measure-execution.decider';

/** Execution reports, written in the append transaction: the monthly feedback reads them. */
export async function projectMeasureExecutionEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    if (stored.type !== 'joint-punishment.measure-execution-reported') continue;
    const e = (stored as unknown as MeasureExecutionEvent).data;
    await manager.query(
      `INSERT INTO measure_executions (id, list_entry_id, measure_code, unit_code, outcome, note, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.executionId, e.listEntryId, e.measureCode, e.unitCode, e.outcome, e.note ?? null, stored.recordedAt],
    );
    // A LIFTED report is the unit's acknowledgement of the lift.
    if (e.outcome === 'LIFTED') {
      await manager.query(
        `UPDATE measure_applications SET acknowledged_at = $4
         WHERE list_entry_id = $1 AND measure_code = $2 AND unit_code = $3 AND acknowledged_at IS NULL`,
        [e.listEntryId, e.measureCode, e.unitCode, stored.recordedAt],
      );
    }
  }
}
