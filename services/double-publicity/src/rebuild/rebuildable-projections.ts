/**
 * The read models `ops rebuild double-publicity` rebuilds from this service's stored events: the
 * catalog matters and the administrative action records. Not here:
 * - penalties and licences: on insert, the `*_subject_link` trigger sets `subject_linked` from
 *   `known_subjects` (fed by subject-registry's events). The rebuilt tables are copies made with
 *   `CREATE TABLE … LIKE`, which takes no triggers: once switched in, records stored afterwards
 *   would never be linked on insert. Their `timely`/`record`/`stream_version` are also rewritten
 *   outside the projection (records/timeliness.repository.ts, subjects/subjects.repository.ts).
 * - objections: their projection reads penalties and licences (the record's source unit), so it
 *   can only be rebuilt together with them.
 * - refused_intake_items (batch refusals that were never stored as events), known_subjects
 *   (subject-registry's events: `ops replay`), vault_handoffs (a bigserial outbox, not a read model).
 */
import { typesStartingWith, type RebuildableProjection } from '@credit/platform';
import { projectAdministrativeActionEvents } from '../actions/actions.projection';
import { projectCatalogEvents } from '../catalog/catalog.projection';

export const doublePublicityProjections: RebuildableProjection[] = [
  {
    name: 'catalog',
    description: "The departments' catalogs (事项目录): every version of every matter",
    tables: [{ name: 'catalog_matters' }],
    accepts: typesStartingWith('double-publicity.catalog-matter-'),
    project: projectCatalogEvents,
  },
  {
    name: 'administrative-actions',
    description: 'Other administrative action records (行政强制, 行政确认, …)',
    tables: [
      // A calendar publication re-judges timeliness (timeliness-recomputed) and writes these
      // columns itself, outside the projection: they are carried over from the live table.
      { name: 'administrative_actions', carried: { key: ['id'], columns: ['timely', 'record', 'stream_version'] } },
    ],
    accepts: typesStartingWith('double-publicity.administrative-action-'),
    project: projectAdministrativeActionEvents,
  },
];
