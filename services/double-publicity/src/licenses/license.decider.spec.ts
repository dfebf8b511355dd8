import type { LicenseCorrectedV1, LicensePublishedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { LicenseAlreadyRecorded, licenseDecider, LicenseNotRecorded, licenseStream, type LicenseEvent } from './license.decider';

const spec = deciderSpec(licenseDecider);

// The decider reads only the id, the source unit and the changes: the record arrives checked (license.rules.ts).
const record = {
  licenseId: '01936f4e-8d3a-7c2b-9a1e-0123456789ab',
  decisionNumber: '南市监许〔2026〕12号',
  licenseName: '食品经营许可证',
  sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
} as LicensePublishedV1;
const published: LicenseEvent = { type: 'double-publicity.license-published', data: record };
const correction = (changes: LicenseCorrectedV1['changes']): LicenseCorrectedV1 => ({
  licenseId: record.licenseId,
  reason: '许可证名称录入错误',
  changes,
  record: { ...record, licenseName: '食品经营许可证（正本）' },
});
const renamed = correction([{ field: 'licenseName', before: '食品经营许可证', after: '食品经营许可证（正本）' }]);

describe('licence record', () => {
  it('is recorded once, on a new stream, keeping its id and source unit', () => {
    spec.given([]).when({ type: 'RecordLicense', data: record }).then([published]);
    expect(spec.given([published]).state).toEqual({ status: 'RECORDED', licenseId: record.licenseId, sourceUnitCode: '11450100007712342F' });
    spec.given([published]).when({ type: 'RecordLicense', data: record }).thenThrows(LicenseAlreadyRecorded);
  });

  it('is corrected when something changed, and a correction without changes is a no-op', () => {
    spec.given([published]).when({ type: 'CorrectLicense', data: renamed }).then([{ type: 'double-publicity.license-corrected', data: renamed }]);
    spec.given([published]).when({ type: 'CorrectLicense', data: correction([]) }).then([]);
  });

  it('refuses to correct a licence that was never recorded', () => {
    spec.given([]).when({ type: 'CorrectLicense', data: renamed }).thenThrows(LicenseNotRecorded, /no licence record/);
  });

  it('leaves the state alone on a correction', () => {
    const corrected: LicenseEvent = { type: 'double-publicity.license-corrected', data: renamed };
    expect(spec.given([published, corrected]).state).toEqual(spec.given([published]).state);
    expect(licenseStream(record.licenseId)).toBe(`license-${record.licenseId}`);
  });
});
