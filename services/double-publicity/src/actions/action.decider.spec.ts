import type { AdministrativeActionRecordedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { AdministrativeActionAlreadyRecorded, administrativeActionDecider, administrativeActionStream, type AdministrativeActionEvent } from './action.decider';

const spec = deciderSpec(administrativeActionDecider);

// The decider reads only the id and the source unit: the record arrives checked (action.rules.ts).
const record = {
  actionId: '01936f4e-8d3a-7c2b-9a1e-0123456789ab',
  actionType: 'CONFIRMATION',
  decisionNumber: '南市监确〔2026〕3号',
  sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
} as AdministrativeActionRecordedV1;
const recorded: AdministrativeActionEvent = { type: 'double-publicity.administrative-action-recorded', data: record };

describe('administrative action record', () => {
  it('is recorded once, on a new stream', () => {
    spec.given([]).when({ type: 'RecordAdministrativeAction', data: record }).then([recorded]);
  });

  it('keeps the id and source unit it was recorded with', () => {
    expect(spec.given([recorded]).state).toEqual({ status: 'RECORDED', actionId: record.actionId, sourceUnitCode: '11450100007712342F' });
  });

  it('refuses to record it again', () => {
    spec.given([recorded]).when({ type: 'RecordAdministrativeAction', data: record }).thenThrows(AdministrativeActionAlreadyRecorded, /already exists/);
  });

  it('lives on its own stream', () => {
    expect(administrativeActionStream(record.actionId)).toBe(`administrative-action-${record.actionId}`);
  });
});
