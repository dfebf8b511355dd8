import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { MeasureEvent } from './measure.decider';

/** The catalog read model, written in the append transaction (the primary key refuses a second definition). */
export async function projectMeasureEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as MeasureEvent;
    if (event.type !== 'joint-punishment.measure-defined') continue;
    const m = event.data;
    await manager.query(
      `INSERT INTO measures (code, name, kind, applies_to, category, unit_codes, scenarios, legal_basis, defined_at, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [m.code, m.name, m.kind, m.appliesTo, m.category ?? null, m.unitCodes, m.scenarios, m.legalBasis, stored.recordedAt, stored.streamVersion],
    );
  }
}
