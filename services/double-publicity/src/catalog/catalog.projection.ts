import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { CatalogMatterEvent } from './catalog-matter.decider';

/** Every version of every matter is kept (domain.md §2: the catalog is public and kept current, its past too). */
export async function projectCatalogEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as CatalogMatterEvent;
    if (event.type !== 'double-publicity.catalog-matter-defined') continue;
    const m = event.data;
    await manager.query(
      `INSERT INTO catalog_matters (department_code, code, matter_version, kind, name, legal_basis, defined_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [m.departmentCode, m.code, m.matterVersion, m.kind, m.name, m.legalBasis ?? null, stored.recordedAt, stored.id],
    );
  }
}
