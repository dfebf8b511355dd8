/**
 * A supporting record (信易贷支撑信息): one stream per record, `supporting-record-<id>`, received
 * once. Pure. Its natural key (source unit, category, the department's reference) is unique across
 * records: the projection's constraint refuses a second record with it in the same transaction.
 */
import type { SupportingRecordReceivedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type SupportingRecordEvent = { type: 'credit-sharing.supporting-record-received'; data: SupportingRecordReceivedV1 };
export type SupportingRecordCommand = { type: 'ReceiveSupportingRecord'; data: SupportingRecordReceivedV1 };
export type SupportingRecordState = { received: boolean };

export class SupportingRecordExists extends Error {
  constructor() {
    super('this supporting record is already received');
  }
}

export const supportingRecordStream = (id: string): string => `supporting-record-${id}`;

export const supportingRecordDecider: Decider<SupportingRecordCommand, SupportingRecordEvent, SupportingRecordState> = {
  initialState: () => ({ received: false }),
  decide(command, state) {
    if (state.received) throw new SupportingRecordExists();
    return [{ type: 'credit-sharing.supporting-record-received', data: command.data }];
  },
  evolve: () => ({ received: true }),
};
