import { eventRegistry, type PenaltyPublicityWithdrawnV1 } from '@credit/contracts';
import { testEnvelope } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { plan } from './penalty-withdrawal.flow';

const withdrawn = (data: PenaltyPublicityWithdrawnV1, subjectKey = '91450100MA5K12345X') =>
  testEnvelope<PenaltyPublicityWithdrawnV1>({ type: 'double-publicity.penalty-publicity-withdrawn', subjectKey, stream: `penalty-${data.penaltyId}`, data });

describe('penalty publicity withdrawal flow', () => {
  const penaltyId = randomUUID();
  const objectionId = randomUUID();

  it.each<[string, Omit<PenaltyPublicityWithdrawnV1, 'penaltyId' | 'withdrawnOn'>]>([
    ['revoked by review or court', { reason: 'REVOCATION', document: '南府复决〔2026〕3号' }],
    ['at the end of the maximum period', { reason: 'EXPIRY' }],
    ['repaired', { reason: 'REPAIR', repairApplicationId: 'A-1', note: '信用修复' }],
    ['after an upheld objection', { reason: 'OBJECTION', objectionId }],
  ])('tells 信用中国 a penalty %s left publicity', (_case, fields) => {
    const data = { penaltyId, withdrawnOn: '2026-11-03', ...fields };
    const event = withdrawn(data);
    expect(eventRegistry.validate(event).ok).toBe(true);
    const { penaltyId: recordId, ...rest } = data;
    expect(plan(event)).toEqual([
      { target: 'credit-china', endpoint: '/publicity/penalties/withdrawals', payload: { recordId, ...rest, subject: { subjectKey: '91450100MA5K12345X' } } },
    ]);
  });

  it('names a natural person by the subject key only', () => {
    const [delivery] = plan(withdrawn({ penaltyId, reason: 'EXPIRY', withdrawnOn: '2026-11-03' }, 'NP-hmac-key'));
    expect(delivery.payload.subject).toEqual({ subjectKey: 'NP-hmac-key' });
  });

  it('plans nothing for another event', () => {
    expect(plan(testEnvelope({ type: 'double-publicity.penalty-recorded-unpublished', subjectKey: 'k', stream: 's', data: {} }))).toEqual([]);
  });
});
