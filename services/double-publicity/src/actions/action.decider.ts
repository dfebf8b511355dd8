/**
 * The administrative action record aggregate (行政强制, 行政确认, …, domain.md §2): one stream per
 * record, `administrative-action-<id>`. Pure: the record arrives checked with its timeliness; a
 * natural person's ID number never reaches this module.
 */
import type { AdministrativeActionRecordedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type AdministrativeActionEvent = { type: 'double-publicity.administrative-action-recorded'; data: AdministrativeActionRecordedV1 };
export type AdministrativeActionCommand = { type: 'RecordAdministrativeAction'; data: AdministrativeActionRecordedV1 };
export type AdministrativeActionState = { status: 'UNKNOWN' } | { status: 'RECORDED'; actionId: string; sourceUnitCode: string };

export class AdministrativeActionAlreadyRecorded extends Error {
  constructor() {
    super('this administrative action record already exists');
  }
}

export const administrativeActionDecider: Decider<AdministrativeActionCommand, AdministrativeActionEvent, AdministrativeActionState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    if (state.status !== 'UNKNOWN') throw new AdministrativeActionAlreadyRecorded();
    return [{ type: 'double-publicity.administrative-action-recorded', data: command.data }];
  },

  evolve(state, event) {
    return event.type === 'double-publicity.administrative-action-recorded'
      ? { status: 'RECORDED', actionId: event.data.actionId, sourceUnitCode: event.data.sourceUnit.code }
      : state;
  },
};

export const administrativeActionStream = (actionId: string): string => `administrative-action-${actionId}`;
