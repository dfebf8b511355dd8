import { newEventId, type EventEnvelope } from '@credit/contracts';
import { planDeliveries, yuanToTenThousandYuan, yuanToWan } from './national-protocol.adapter';

describe('national feed amounts in 万元', () => {
  it.each([
    ['2000.00', '0.2'],
    ['5000.00', '0.5'],
    ['10000.00', '1'],
    ['30000.00', '3'],
    ['123456.78', '12.345678'],
    ['0.01', '0.000001'],
    ['0.10', '0.00001'],
    ['0.00', '0'],
    ['9999.99', '0.999999'],
    ['100000000.00', '10000'],
    ['1234567890123.45', '123456789.012345'],
    // Beyond a double's 15–17 significant digits: still exact.
    ['9999999999999.99', '999999999.999999'],
  ])('%s yuan → "%s" 万元', (yuan, wan) => {
    expect(yuanToWan(yuan)).toBe(wan);
  });

  it('refuses anything that is not yuan with two decimals', () => {
    for (const bad of ['2000', '2000.0', '-1.00', '1e3', '', '2,000.00']) expect(() => yuanToWan(bad)).toThrow();
  });

  it('keeps the numeric field equal to the exact string', () => {
    expect(yuanToTenThousandYuan('2000.00')).toBe(0.2);
    expect(yuanToTenThousandYuan('0.01')).toBe(0.000001);
  });

  it('sends the penalty with 万元 strings, legacy codes, masked documents, suspended certificate and publicity deadline', () => {
    const now = new Date().toISOString();
    const event: EventEnvelope = {
      id: newEventId(),
      type: 'double-publicity.penalty-published',
      version: 1,
      stream: 'penalty-p-1',
      streamVersion: 1,
      subjectKey: 'IB-450100000012345',
      occurredAt: now,
      recordedAt: now,
      correlationId: 'c-1',
      causationId: null,
      actor: { departmentCode: '11450100007712342F' },
      data: {
        penaltyId: 'p-1',
        decisionNumber: '南市监罚〔2026〕1号',
        subject: {
          kind: 'INDIVIDUAL_BUSINESS',
          code: '00000000000000000X',
          maskedCode: '00000000000000000X',
          name: '南宁市某某小吃店',
          registrationNumber: '450100000012345',
          legalRepresentativeDocument: { type: 'ID_CARD', maskedNumber: '450102********1238' },
        },
        categories: ['罚款', '没收违法所得', '吊销许可证件'],
        fineAmount: '2000.00',
        confiscatedAmount: '123456.78',
        suspendedCertificate: { name: '食品经营许可证', number: 'JY14501000012345' },
        decidedOn: '2026-05-11',
        validUntil: '2027-05-10',
        matterCode: 'XZCF-001',
        remarks: '备注',
        publicity: { status: 'PUBLISHED', regime: 'r', from: '2026-05-11', minimumUntil: '2026-08-11', maximumUntil: '2027-05-11' },
      },
    };
    const [delivery] = planDeliveries(event);
    expect(delivery.payload).toMatchObject({
      fineAmountWan: '0.2',
      confiscatedAmountWan: '12.345678',
      subject: {
        code: '00000000000000000X',
        registrationNumber: '450100000012345',
        legalRepresentativeDocument: { type: 'ID_CARD', maskedNumber: '450102********1238' },
      },
      suspendedCertificate: { name: '食品经营许可证', number: 'JY14501000012345' },
      validUntil: '2027-05-10',
      matterCode: 'XZCF-001',
      remarks: '备注',
      publicityDeadline: '2027-05-11',
    });
    expect(JSON.stringify(delivery.payload)).not.toContain('450102199003071238');
  });
});
