/**
 * This service's acknowledgement of one repair application (信用修复), stream
 * `repair-effects-<applicationId>`: sent once, after the exits and lifts the repair caused, so
 * that credit-repair can move the application on (architecture.md, "The repair, end to end" 4).
 * Pure: no Nest, no I/O.
 */
import type { RepairEffectsCompletedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type RepairEffectsEvent = { type: 'joint-punishment.repair-effects-completed'; data: RepairEffectsCompletedV1 };
export type RepairEffectsCommand = { type: 'CompleteRepairEffects'; data: RepairEffectsCompletedV1 };
export type RepairEffectsState = { completed: false } | { completed: true; listEntryIds: string[] };

export const repairEffectsDecider: Decider<RepairEffectsCommand, RepairEffectsEvent, RepairEffectsState> = {
  initialState: () => ({ completed: false }),

  // Acknowledged once: a redelivered or replayed repair, or the publicity withdrawal that follows
  // it, finds the acknowledgement given and adds nothing.
  decide(command, state) {
    if (state.completed) return [];
    return [
      {
        type: 'joint-punishment.repair-effects-completed',
        data: { repairApplicationId: command.data.repairApplicationId, listEntryIds: [...new Set(command.data.listEntryIds)] },
      },
    ];
  },

  evolve(state, event) {
    return event.type === 'joint-punishment.repair-effects-completed' ? { completed: true, listEntryIds: event.data.listEntryIds } : state;
  },
};

export const repairEffectsStream = (applicationId: string): string => `repair-effects-${applicationId}`;
