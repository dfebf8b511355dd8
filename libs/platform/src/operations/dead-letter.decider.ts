/**
 * A dead letter's resolution, on its own stream (`dead-letter-<consumer group>-<id>`): resolved
 * once, by redrive or by discard. Pure.
 */
import type { DeadLetterDiscardedV1, DeadLetterRedrivenV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { StateConflictError } from '@credit/credit-rules';

export type DeadLetterEvent =
  | { type: 'ops.dead-letter-redriven'; data: DeadLetterRedrivenV1 }
  | { type: 'ops.dead-letter-discarded'; data: DeadLetterDiscardedV1 };

export type DeadLetterCommand = { type: 'RecordRedrive'; data: DeadLetterRedrivenV1 } | { type: 'Discard'; data: DeadLetterDiscardedV1 };

export type DeadLetterState = { resolution?: 'REDRIVEN' | 'DISCARDED' };

export const deadLetterDecider: Decider<DeadLetterCommand, DeadLetterEvent, DeadLetterState> = {
  initialState: () => ({}),
  decide(command, state) {
    if (state.resolution !== undefined) {
      throw new StateConflictError(`dead letter ${command.data.deadLetterId} was already ${state.resolution.toLowerCase()}`, { rule: 'dead-letter.resolved-once' });
    }
    return command.type === 'RecordRedrive'
      ? [{ type: 'ops.dead-letter-redriven', data: command.data }]
      : [{ type: 'ops.dead-letter-discarded', data: command.data }];
  },
  evolve(state, event) {
    return { resolution: event.type === 'ops.dead-letter-redriven' ? 'REDRIVEN' : 'DISCARDED' };
  },
};

export const deadLetterStream = (group: string, id: string): string => `dead-letter-${group}-${id}`;
