import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { MeasureEvent } from './measure.decider';

/**
 * The catalog read model, written in the append transaction: every version in `measure_versions`
 * (the primary key refuses a version twice), the current one on the `measures` row that listings
 * and credit checks read.
 */
export async function projectMeasureEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as MeasureEvent;
    if (event.type !== 'joint-punishment.measure-defined') continue;
    const m = event.data;
    const version = m.measureVersion ?? 1;
    const values = [m.code, m.name, m.kind, m.appliesTo, m.category ?? null, m.unitCodes, m.scenarios, m.legalBasis, stored.recordedAt];
    await manager.query(
      `INSERT INTO measure_versions (code, name, kind, applies_to, category, unit_codes, scenarios, legal_basis, defined_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [...values, version],
    );
    await manager.query(
      `INSERT INTO measures (code, name, kind, applies_to, category, unit_codes, scenarios, legal_basis, defined_at, stream_version, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, applies_to = EXCLUDED.applies_to, category = EXCLUDED.category,
         unit_codes = EXCLUDED.unit_codes, scenarios = EXCLUDED.scenarios, legal_basis = EXCLUDED.legal_basis,
         stream_version = EXCLUDED.stream_version, version = EXCLUDED.version, revised_at = EXCLUDED.defined_at`,
      [...values, stored.streamVersion, version],
    );
  }
}
