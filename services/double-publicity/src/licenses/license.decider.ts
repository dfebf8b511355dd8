/**
 * The licence record aggregate (行政许可信息): one stream per record, `license-<id>`. Pure: the record
 * arrives checked (codes, dates, category) with its timeliness; a natural person's ID number never
 * reaches this module.
 */
import type { LicenseCorrectedV1, LicensePublishedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type LicenseEvent =
  | { type: 'double-publicity.license-published'; data: LicensePublishedV1 }
  | { type: 'double-publicity.license-corrected'; data: LicenseCorrectedV1 };
export type LicenseCommand =
  | { type: 'RecordLicense'; data: LicensePublishedV1 }
  /** The corrected record arrives checked and merged (corrections/); no change at all is a no-op. */
  | { type: 'CorrectLicense'; data: LicenseCorrectedV1 };
export type LicenseState = { status: 'UNKNOWN' } | { status: 'RECORDED'; licenseId: string; sourceUnitCode: string };

export class LicenseAlreadyRecorded extends Error {
  constructor() {
    super('this licence record already exists');
  }
}

export class LicenseNotRecorded extends Error {
  constructor() {
    super('no licence record exists under this id');
  }
}

export const licenseDecider: Decider<LicenseCommand, LicenseEvent, LicenseState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordLicense':
        if (state.status !== 'UNKNOWN') throw new LicenseAlreadyRecorded();
        return [{ type: 'double-publicity.license-published', data: command.data }];
      case 'CorrectLicense':
        if (state.status === 'UNKNOWN') throw new LicenseNotRecorded();
        return command.data.changes.length === 0 ? [] : [{ type: 'double-publicity.license-corrected', data: command.data }];
    }
  },

  evolve(state, event) {
    return event.type === 'double-publicity.license-published'
      ? { status: 'RECORDED', licenseId: event.data.licenseId, sourceUnitCode: event.data.sourceUnit.code }
      : state;
  },
};

export const licenseStream = (licenseId: string): string => `license-${licenseId}`;
