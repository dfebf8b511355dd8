/**
 * The read model `ops rebuild commitments` rebuilds from this service's stored events: the
 * commitments (信用承诺) with their verification day and how each ended, and the list of commitment
 * matters (承诺事项清单) with every version. It is this service's only read model, and nothing but the projections write it.
 */
import type { StoredEvent } from '@credit/event-store';
import { typesStartingWith, type RebuildableProjection } from '@credit/platform';
import type { EntityManager } from 'typeorm';
import { projectCommitmentEvents } from '../commitments/commitments.projection';
import { projectCommitmentMatterEvents } from '../matters/commitment-matters.projection';

async function projectAll(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  await projectCommitmentMatterEvents(manager, events);
  await projectCommitmentEvents(manager, events);
}

export const commitmentsProjections: RebuildableProjection[] = [
  {
    name: 'commitments',
    description: 'Signed commitments and how each ended; the list of commitment matters, every version',
    tables: [{ name: 'commitments' }, { name: 'commitment_matters' }],
    accepts: typesStartingWith('commitments.commitment-', 'commitments.matter-', 'commitments.verification-'),
    project: projectAll,
  },
];
