/**
 * The read models `ops rebuild credit-sharing` rebuilds from this service's stored events:
 * supporting records, authorizations, the queries answered and the loan outcomes. (The public
 * subject views come from other services' events: a replay of the subject topic rebuilds them.)
 */
import type { StoredEvent } from '@credit/event-store';
import { typesStartingWith, type RebuildableProjection } from '@credit/platform';
import type { EntityManager } from 'typeorm';
import { projectAuthorizationEvents } from '../authorizations/authorizations.projection';
import { projectMonitoringEvents } from '../monitoring/monitoring.projection';
import { projectSupportingRecordEvents } from '../supporting-records/supporting-records.projection';

async function projectAll(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  await projectSupportingRecordEvents(manager, events);
  await projectAuthorizationEvents(manager, events);
  await projectMonitoringEvents(manager, events);
}

export const creditSharingProjections: RebuildableProjection[] = [
  {
    name: 'credit-sharing',
    description: 'Supporting records (信易贷支撑信息), authorizations, the queries answered under them, loan outcomes, warnings raised, monthly monitoring reports',
    tables: [{ name: 'supporting_records' }, { name: 'authorizations' }, { name: 'shared_queries' }, { name: 'financing_outcomes' }, { name: 'warnings' }, { name: 'monitoring_reports' }],
    accepts: typesStartingWith('credit-sharing.'),
    project: projectAll,
  },
];
