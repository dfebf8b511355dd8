/**
 * The licence record aggregate (行政许可信息): one stream per record, `license-<id>`. Pure: the record
 * arrives checked (codes, dates, category) with its timeliness; a natural person's ID number never
 * reaches this module.
 */
import type { LicensePublishedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type LicenseEvent = { type: 'double-publicity.license-published'; data: LicensePublishedV1 };
export type LicenseCommand = { type: 'RecordLicense'; data: LicensePublishedV1 };
export type LicenseState = { status: 'UNKNOWN' } | { status: 'RECORDED'; licenseId: string; sourceUnitCode: string };

export class LicenseAlreadyRecorded extends Error {
  constructor() {
    super('this licence record already exists');
  }
}

export const licenseDecider: Decider<LicenseCommand, LicenseEvent, LicenseState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    if (state.status !== 'UNKNOWN') throw new LicenseAlreadyRecorded();
    return [{ type: 'double-publicity.license-published', data: command.data }];
  },

  evolve(state, event) {
    return event.type === 'double-publicity.license-published'
      ? { status: 'RECORDED', licenseId: event.data.licenseId, sourceUnitCode: event.data.sourceUnit.code }
      : state;
  },
};

export const licenseStream = (licenseId: string): string => `license-${licenseId}`;
