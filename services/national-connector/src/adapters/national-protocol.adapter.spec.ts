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

  it('sends licensing decisions to 信用中国, and a corrected one again, whole', () => {
    const record = {
      licenseId: 'l-1',
      decisionNumber: '南审批许〔2025〕7号',
      subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C', name: '南宁市示例科技有限公司' },
      licenseName: '食品经营许可',
      licenseNumber: 'JY14501000000001',
      licenseType: '普通',
      content: '预包装食品销售',
      decidedOn: '2025-03-01',
      validFrom: '2025-03-01',
      validUntil: '2030-02-28',
      authority: { name: '南宁市行政审批局', code: '11450100007712342F' },
      sourceUnit: { name: '南宁市行政审批局', code: '11450100007712342F' },
      timely: true,
    };
    const [published] = planDeliveries(envelope('double-publicity.license-published', record));
    expect(published).toMatchObject({ target: 'credit-china', endpoint: '/publicity/licenses' });
    expect(published.payload).toMatchObject({ recordId: 'l-1', licenseNumber: 'JY14501000000001', validFrom: '2025-03-01', validUntil: '2030-02-28', subject: { code: '91450100MA5K12347C' } });
    const corrected = planDeliveries(
      envelope('double-publicity.license-corrected', { licenseId: 'l-1', reason: '许可编号录入错误', changes: [{ field: 'licenseNumber', before: 'JY1', after: 'JY2' }], record: { ...record, licenseNumber: 'JY2' } }),
    );
    expect(corrected).toEqual([
      { target: 'credit-china', endpoint: '/publicity/licenses', payload: expect.objectContaining({ recordId: 'l-1', licenseNumber: 'JY2', correction: { reason: '许可编号录入错误', changedFields: ['licenseNumber'] } }) },
    ]);
  });

  it('sends a corrected penalty again, whole, under the correction event (its id the Idempotency-Key); not one that never was published', () => {
    const record = {
      penaltyId: 'p-1',
      decisionNumber: '南市监罚〔2025〕1号',
      subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12345X', maskedCode: '91450100MA5K12345X', name: '某公司' },
      categories: ['罚款'],
      fineAmount: '3000.00',
      decidedOn: '2025-03-01',
      publicity: { status: 'PUBLISHED', regime: 'r', from: '2025-03-01', minimumUntil: '2025-06-01', maximumUntil: '2026-03-01' },
    };
    const event = envelope('double-publicity.penalty-corrected', { penaltyId: 'p-1', reason: '金额有误', changes: [{ field: 'fineAmount', before: '5000.00', after: '3000.00' }], record });
    const [delivery, ...more] = planDeliveries(event);
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ target: 'credit-china', endpoint: '/publicity/penalties' });
    expect(delivery.payload).toMatchObject({ recordId: 'p-1', fineAmountTenThousandYuan: 0.3, correction: { reason: '金额有误', changedFields: ['fineAmount'] } });
    const withheld = { ...record, publicity: { status: 'NOT_PUBLISHED', regime: 'r', reason: 'MINOR_PENALTY' } };
    expect(planDeliveries(envelope('double-publicity.penalty-corrected', { penaltyId: 'p-1', reason: 'r', changes: [], record: withheld }))).toEqual([]);
    expect(
      planDeliveries(envelope('double-publicity.penalty-corrected', { penaltyId: 'p-1', reason: 'r', changes: [], record: withheld, previousPublicityStatus: 'NOT_PUBLISHED' })),
    ).toEqual([]);
  });

  it('tells 信用中国 when a correction takes a published penalty out of publicity: the corrected record with publicity NOT_PUBLISHED', () => {
    const record = {
      penaltyId: 'p-2',
      decisionNumber: '南市监罚〔2025〕2号',
      subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12345X', maskedCode: '91450100MA5K12345X', name: '某公司' },
      categories: ['警告'],
      decidedOn: '2026-05-01',
      severity: 'GENERAL',
      publicity: { status: 'NOT_PUBLISHED', regime: 'r', reason: 'MINOR_PENALTY' },
    };
    const changes = [{ field: 'categories', before: ['罚款'], after: ['警告'] }];
    const event = envelope('double-publicity.penalty-corrected', { penaltyId: 'p-2', reason: '处罚种类有误', changes, record, previousPublicityStatus: 'PUBLISHED' });
    const deliveries = planDeliveries(event);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ target: 'credit-china', endpoint: '/publicity/penalties' });
    expect(deliveries[0].payload).toMatchObject({
      recordId: 'p-2',
      categories: ['警告'],
      publicity: { status: 'NOT_PUBLISHED', reason: 'MINOR_PENALTY' },
      correction: { reason: '处罚种类有误', changedFields: ['categories'] },
    });
    expect(deliveries[0].payload).not.toHaveProperty('publicityDeadline');
    // The same event always plans the same delivery (a redelivery maps onto the same ledger row).
    expect(planDeliveries(event)).toEqual(deliveries);
  });

  it('reports objection outcomes to 信用中国', () => {
    const event = envelope('double-publicity.objection-resolved', { objectionId: 'o-1', recordId: 'p-1', outcome: 'UPHELD', note: '更正', resolvedOn: '2026-10-09', late: false, recordType: 'LICENSE', correctionEventId: 'e-1' });
    expect(planDeliveries(event)).toEqual([
      {
        target: 'credit-china',
        endpoint: '/publicity/objection-outcomes',
        payload: { objectionId: 'o-1', recordId: 'p-1', recordType: 'LICENSE', outcome: 'UPHELD', note: '更正', resolvedOn: '2026-10-09', late: false, correctionEventId: 'e-1', subjectKey: '91450100MA5K12345X' },
      },
    ]);
  });
  it('sends the monthly joint reward-punishment feedback to 信用中国, once per compiled month', () => {
    const figures = { measuresApplied: 3, measuresLifted: 1, executions: { APPLIED: 2, NOT_APPLICABLE: 0, LIFTED: 1, total: 3 }, coverage: { entries: 1, covered: 1, ratio: 1 } };
    const report = { month: '2026-10', from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z', cityWide: figures, units: [{ unitCode: '11450100007712342F', ...figures }] };
    const event = { ...envelope('joint-punishment.monthly-feedback-compiled', report), subjectKey: null };
    expect(planDeliveries(event)).toEqual([{ target: 'credit-china', endpoint: '/feedback/monthly', payload: report }]);
  });
  it('sends a 信易贷 share to the credit-loan platforms: a natural person with masked number and subject key only', () => {
    const share = {
      shareId: 's-1',
      authorizationId: 'a-1',
      subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1234' },
      categories: ['TAX'],
      validUntil: '2026-12-31',
      records: [{ recordId: 'r-1', category: 'TAX', status: 'PAID', recordedOn: '2026-11-05', sourceUnitCode: '11450100007712342F' }],
    };
    const event = envelope('credit-sharing.credit-loan-share', share, 'person-key');
    expect(planDeliveries(event)).toEqual([
      {
        target: 'credit-loan-platform',
        endpoint: '/credit-loan/supporting-records',
        payload: { ...share, subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1234', subjectKey: 'person-key' } },
      },
    ]);
    // Every other credit-sharing event stays on the platform.
    expect(planDeliveries(envelope('credit-sharing.supporting-record-received', {}))).toEqual([]);
  });
});
