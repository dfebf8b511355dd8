import type { DeadLetterDiscardedV1, DeadLetterRedrivenV1 } from '@credit/contracts';
import { StateConflictError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { deadLetterDecider, deadLetterStream, type DeadLetterEvent } from './dead-letter.decider';

const spec = deciderSpec(deadLetterDecider);

const redrive = { service: 'double-publicity', consumerGroup: 'double-publicity.subject-events', deadLetterId: '42', outcome: 'APPLIED' } as DeadLetterRedrivenV1;
const discard = { service: 'double-publicity', consumerGroup: 'double-publicity.subject-events', deadLetterId: '42', note: '重复投递' } as DeadLetterDiscardedV1;
const redriven: DeadLetterEvent = { type: 'ops.dead-letter-redriven', data: redrive };
const discarded: DeadLetterEvent = { type: 'ops.dead-letter-discarded', data: discard };

describe('dead letter resolution', () => {
  it('is resolved by redrive or by discard', () => {
    spec.given([]).when({ type: 'RecordRedrive', data: redrive }).then([redriven]);
    spec.given([]).when({ type: 'Discard', data: discard }).then([discarded]);
    expect(deadLetterStream('double-publicity.subject-events', '42')).toBe('dead-letter-double-publicity.subject-events-42');
  });

  it('is resolved once (a state conflict, 409)', () => {
    spec.given([redriven]).when({ type: 'Discard', data: discard }).thenThrows(StateConflictError, 'dead-letter.resolved-once');
    spec.given([discarded]).when({ type: 'RecordRedrive', data: redrive }).thenThrows(StateConflictError, 'dead-letter.resolved-once');
    expect(spec.given([discarded]).state).toEqual({ resolution: 'DISCARDED' });
  });
});
