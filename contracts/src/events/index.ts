/**
 * The platform's event catalog. Each service's event types live in `<service>.events.ts` beside
 * this file and are listed in CATALOGS; the default registry knows all of them.
 */
import { EventCatalog, EventRegistry } from '../registry';
import { creditRepairCatalog } from './credit-repair.events';
import { doublePublicityCatalog } from './double-publicity.events';
import { jointPunishmentCatalog } from './joint-punishment.events';
import { subjectRegistryCatalog } from './subject-registry.events';
import { commitmentsCatalog } from './commitments.events';
import { gradingSupervisionCatalog } from './grading-supervision.events';
import { nationalConnectorCatalog } from './national-connector.events';
import { creditPortalCatalog } from './credit-portal.events';
import { operationsCatalog } from './operations.events';
import { creditSharingCatalog } from './credit-sharing.events';

export * from './subject-registry.events';
export * from './credit-repair.events';
export * from './double-publicity.events';
export * from './joint-punishment.events';
export * from './commitments.events';
export * from './grading-supervision.events';
export * from './national-connector.events';
export * from './credit-portal.events';
export * from './operations.events';
export * from './credit-sharing.events';

export const CATALOGS: readonly EventCatalog[] = [subjectRegistryCatalog, creditRepairCatalog, doublePublicityCatalog, jointPunishmentCatalog, commitmentsCatalog, gradingSupervisionCatalog, nationalConnectorCatalog, creditPortalCatalog, operationsCatalog, creditSharingCatalog];

/** A registry holding the whole catalog. */
export function createCatalogRegistry(): EventRegistry {
  const registry = new EventRegistry();
  for (const catalog of CATALOGS) registry.registerCatalog(catalog);
  return registry;
}

/** The registry producers and consumers use. */
export const eventRegistry: EventRegistry = createCatalogRegistry();
