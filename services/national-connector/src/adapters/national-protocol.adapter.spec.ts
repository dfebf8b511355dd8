import { newEventId, type EventEnvelope } from '@credit/contracts';
import { planDeliveries, yuanToTenThousandYuan } from './national-protocol.adapter';

const envelope = <T>(type: string, data: T, subjectKey = '91450100MA5K12345X'): EventEnvelope<T> => {
  const now = new Date().toISOString();
  return { id: newEventId(), type, version: 1, stream: 's-1', streamVersion: 1, subjectKey, occurredAt: now, recordedAt: now, correlationId: 'c-1', causationId: null, actor: { departmentCode: 'system' }, data };
};

describe('national protocol adapter', () => {
  it('converts yuan to 万元 exactly (a 2,000-yuan fine is 0.2)', () => {
    expect(yuanToTenThousandYuan('2000.00')).toBe(0.2);
    expect(yuanToTenThousandYuan('5000.00')).toBe(0.5);
    expect(yuanToTenThousandYuan('123456.78')).toBe(12.345678);
    expect(yuanToTenThousandYuan('0.01')).toBe(0.000001);
    expect(yuanToTenThousandYuan('30000.00')).toBe(3);
    expect(() => yuanToTenThousandYuan('2000')).toThrow();
  });

  it('sends a repair result to both 信用中国 and 国家企业信用信息公示系统', () => {
    const event = envelope('credit-repair.repair-approved', { applicationId: 'A-1', target: { type: 'PENALTY', id: 'p-1' }, decidedOn: '2025-09-10', reason: 'ok', decidingUnitCode: 'X' });
    const planned = planDeliveries(event);
    expect(planned.map((p) => [p.target, p.endpoint])).toEqual([
      ['credit-china', '/repair-results'],
      ['enterprise-publicity', '/repair-results'],
    ]);
    expect(planned[0].payload).toMatchObject({ repairApplicationId: 'A-1', target: { type: 'PENALTY', id: 'p-1' } });
  });

  it('maps a published penalty with money in 万元; a natural person goes with masked number and subject key only', () => {
    const event = envelope(
      'double-publicity.penalty-published',
      {
        penaltyId: 'p-1',
        decisionNumber: '南市监罚〔2025〕1号',
        subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1234', name: '张三' },
        categories: ['罚款'],
        fineAmount: '2000.00',
        decidedOn: '2025-03-01',
        publicity: { status: 'PUBLISHED', regime: 'r', from: '2025-03-01', minimumUntil: '2025-06-01', maximumUntil: '2028-03-01' },
      },
      'NP-abc',
    );
    const [delivery] = planDeliveries(event);
    expect(delivery).toMatchObject({ target: 'credit-china', endpoint: '/publicity/penalties' });
    expect(delivery.payload).toMatchObject({
      recordId: 'p-1',
      fineAmountTenThousandYuan: 0.2,
      subject: { code: null, maskedCode: '450102********1234', subjectKey: 'NP-abc' },
      publicity: { from: '2025-03-01', until: '2028-03-01' },
    });
    expect(JSON.stringify(delivery.payload)).not.toMatch(/"fineAmount"/);
  });

  it('sends list entries to 信用中国 and nothing for events that do not go upstream', () => {
    const entry = envelope('joint-punishment.list-entry-created', { listEntryId: 'l-1', subjectCode: '91450100MA5K12345X', maskedCode: '91450100MA5K12345X', list: 'BLACK', category: 'MARKET', basis: { recordIds: [], document: 'd' }, initiatingUnit: { name: 'n', code: 'c' }, decidedOn: '2025-03-04' });
    expect(planDeliveries(entry).map((p) => [p.target, p.endpoint])).toEqual([['credit-china', '/list-entries']]);
    expect(planDeliveries(envelope('double-publicity.penalty-recorded-unpublished', {}))).toEqual([]);
    expect(planDeliveries(envelope('joint-punishment.measure-applied', {}))).toEqual([]);
  });
});
