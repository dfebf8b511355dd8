/**
 * The read model `ops rebuild commitments` rebuilds from this service's stored events: the
 * commitments (信用承诺) and their fulfilment. It is this service's only read model, and nothing but
 * the projection writes it.
 */
import { typesStartingWith, type RebuildableProjection } from '@credit/platform';
import { projectCommitmentEvents } from '../commitments/commitments.projection';

export const commitmentsProjections: RebuildableProjection[] = [
  {
    name: 'commitments',
    description: 'Signed commitments and the fulfilment recorded for each',
    tables: [{ name: 'commitments' }],
    accepts: typesStartingWith('commitments.commitment-'),
    project: projectCommitmentEvents,
  },
];
