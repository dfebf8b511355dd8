import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { LinkageUnitEvent, ListCategoryEvent } from './catalog-entry.decider';

/** Every version of every list category and linkage unit is kept: the catalogs are public, their past too. */
export async function projectCatalogEntryEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as ListCategoryEvent | LinkageUnitEvent;
    if (event.type === 'joint-punishment.list-category-defined') {
      const c = event.data;
      await manager.query(
        `INSERT INTO list_category_versions (code, version, name, list, legal_basis, deciding_unit_kinds, earliest_exit_after_months, auto_exit_after_months, defined_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [c.code, c.categoryVersion, c.name, c.list, c.legalBasis, c.decidingUnitKinds ?? null, c.earliestExitAfterMonths ?? null, c.autoExitAfterMonths ?? null, stored.recordedAt],
      );
    } else if (event.type === 'joint-punishment.linkage-unit-defined') {
      const u = event.data;
      await manager.query(
        `INSERT INTO linkage_unit_versions (code, version, name, contact, defined_at) VALUES ($1, $2, $3, $4, $5)`,
        [u.code, u.unitVersion, u.name, u.contact ?? null, stored.recordedAt],
      );
    }
  }
}
