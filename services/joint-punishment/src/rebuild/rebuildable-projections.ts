/**
 * The read models `ops rebuild joint-punishment` rebuilds from this service's stored events. Not
 * here: the nominations (their review also updates the proposals, which come from other services'
 * events), and the tables fed by consumed events (known subjects, withdrawn records, grades):
 * those are recovered with `ops replay`.
 */
import { projectEach, typesStartingWith, type RebuildableProjection } from '@credit/platform';
import { projectCatalogEntryEvents } from '../catalog/catalog.projection';
import { projectListEntryEvents } from '../list-entries/list-entries.projection';
import { projectMeasureExecutionEvents } from '../measure-executions/measure-executions.projection';
import { projectMeasureEvents } from '../measures/measures.projection';

export const jointPunishmentProjections: RebuildableProjection[] = [
  {
    name: 'list-entries',
    description: 'Red and black list entries, the measures applied to each, and the executions reported (the credit check reads these)',
    tables: [
      // The website's acknowledgement of a cleared entry comes from the portal's events, not ours.
      { name: 'list_entries', carried: { key: ['id'], columns: ['website_cleared_at'] } },
      { name: 'measure_applications' },
      { name: 'measure_executions' },
    ],
    accepts: typesStartingWith('joint-punishment.list-entry-', 'joint-punishment.measure-applied', 'joint-punishment.measure-lifted', 'joint-punishment.measure-execution-'),
    writesNeedNoAnswer: true,
    project: projectEach(projectListEntryEvents, projectMeasureExecutionEvents),
  },
  {
    name: 'measures',
    description: 'The measure catalogue (联合惩戒措施) and its versions',
    tables: [{ name: 'measures' }, { name: 'measure_versions' }],
    accepts: typesStartingWith('joint-punishment.measure-defined'),
    writesNeedNoAnswer: true,
    project: projectMeasureEvents,
  },
  {
    name: 'catalog',
    description: 'List categories and linkage units, by version',
    tables: [{ name: 'list_category_versions' }, { name: 'linkage_unit_versions' }],
    accepts: typesStartingWith('joint-punishment.list-category-', 'joint-punishment.linkage-unit-'),
    writesNeedNoAnswer: true,
    project: projectCatalogEntryEvents,
  },
];
