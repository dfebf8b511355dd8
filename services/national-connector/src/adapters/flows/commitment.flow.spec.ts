import { eventRegistry, FULFILMENT_OUTCOMES, type CommitmentClosedV1, type CommitmentFulfilmentRecordedV1, type CommitmentSignedV2 } from '@credit/contracts';
import { testEnvelope } from '@credit/testing';
import { plan } from './commitment.flow';

const ORG = '91450100MA5K12345X';
const UNIT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };
const signed = (data: CommitmentSignedV2, version: number, subjectKey = ORG) =>
  testEnvelope<CommitmentSignedV2>({ type: 'commitments.commitment-signed', version, subjectKey, stream: `commitment-${data.commitmentId}`, data });
const finding = (outcome: CommitmentFulfilmentRecordedV1['outcome']) =>
  testEnvelope<CommitmentFulfilmentRecordedV1>({
    type: 'commitments.commitment-fulfilment-recorded',
    subjectKey: 'NP-hmac-key',
    stream: 'commitment-c-1',
    data: { commitmentId: 'c-1', outcome, note: '核查结论', decidedOn: '2026-11-04' },
  });

describe('commitment flow', () => {
  const v1 = {
    commitmentId: 'c-1',
    subject: { kind: 'LEGAL_PERSON' as const, code: ORG, maskedCode: ORG },
    type: 'CERTIFICATION' as const,
    matter: '食品经营许可证明事项告知承诺',
    text: '本单位承诺所填信息真实有效。',
    signedOn: '2026-11-01',
    validUntil: '2027-10-31',
    public: true,
    acceptingUnit: UNIT,
  };

  it('sends a public commitment (v1) to 信用中国', () => {
    const event = signed(v1, 1);
    expect(eventRegistry.validate(event).ok).toBe(true);
    const { public: _public, ...fields } = v1;
    expect(plan(event)).toEqual([{ target: 'credit-china', endpoint: '/commitments', payload: fields }]);
  });

  it('sends a public commitment (v2) with its listed matter and consequence of a breach, not its verification schedule', () => {
    const data: CommitmentSignedV2 = {
      ...v1,
      matterRef: { departmentCode: UNIT.code, code: 'FOOD-1', version: 2 },
      consequenceOnBreach: 'LIST_NOMINATION',
      verification: { workingDays: 5, evidenceRequired: ['营业执照'], dueOn: '2026-11-07', provisional: false, calendar: [] },
    };
    const [delivery] = plan(signed(data, 2));
    expect(delivery.payload).toMatchObject({ matterRef: data.matterRef, consequenceOnBreach: 'LIST_NOMINATION' });
    expect(delivery.payload).not.toHaveProperty('verification');
  });

  it('names a natural person by the masked number and the subject key', () => {
    const event = signed({ ...v1, subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1238' } }, 1, 'NP-hmac-key');
    expect(eventRegistry.validate(event).ok).toBe(true);
    expect(plan(event)[0].payload.subject).toEqual({ kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1238', subjectKey: 'NP-hmac-key' });
  });

  it('keeps a commitment that is not public local', () => {
    expect(plan(signed({ ...v1, public: false }, 1))).toEqual([]);
  });

  it('reports breaches and false commitments, public or not; a kept one stays local', () => {
    const sent = FULFILMENT_OUTCOMES.filter((outcome) => plan(finding(outcome)).length > 0);
    expect(sent).toEqual(['BREACHED', 'FALSE']);
    const event = finding('BREACHED');
    expect(eventRegistry.validate(event).ok).toBe(true);
    expect(plan(event)).toEqual([
      {
        target: 'credit-china',
        endpoint: '/commitments/outcomes',
        payload: { commitmentId: 'c-1', outcome: 'BREACHED', note: '核查结论', decidedOn: '2026-11-04', subject: { subjectKey: 'NP-hmac-key' } },
      },
    ]);
  });

  it('keeps closures (expired, withdrawn) local', () => {
    const closed = testEnvelope<CommitmentClosedV1>({
      type: 'commitments.commitment-closed',
      subjectKey: ORG,
      stream: 'commitment-c-1',
      data: { commitmentId: 'c-1', status: 'WITHDRAWN', reason: '申请撤回', decidedOn: '2026-11-05' },
    });
    expect(plan(closed)).toEqual([]);
  });
});
