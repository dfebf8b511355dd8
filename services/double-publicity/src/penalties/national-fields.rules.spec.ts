import { eventRegistry, newEventId } from '@credit/contracts';
import { maskIdNumber, WorkingDayCalendar } from '@credit/domain-kernel';
import { penaltyDecider, penaltyStream } from './penalty.decider';
import type { RecordPenaltyDto } from './penalty.dto';
import { checkPenalty } from './penalty.rules';

const settings = { subjectKeySecret: 'a-secret-of-at-least-thirty-two-characters', usccAllowList: new Set<string>(), calendar: new WorkingDayCalendar() };
const penaltyId = '01936f4e-8d3a-7c2b-9a1e-0123456789ab';
/** Monday 2026-05-18, 10:00 in Shanghai. */
const now = new Date('2026-05-18T10:00:00+08:00');
const LEGAL_REPRESENTATIVE_ID = '450102199003071238';

const dto = (over: Partial<RecordPenaltyDto> = {}, subject: Record<string, unknown> = {}): RecordPenaltyDto =>
  ({
    decisionNumber: '南市监处罚〔2026〕88号',
    subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', ...subject },
    violationType: '虚假宣传',
    violationFacts: '在官网发布虚假宣传内容',
    basis: '《反不正当竞争法》第二十条',
    categories: ['罚款'],
    content: '罚款五千元',
    fineAmount: '5000',
    decidedOn: '2026-05-11',
    severity: 'GENERAL',
    authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
    sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
    ...over,
  }) as RecordPenaltyDto;

const fieldsOf = (checked: ReturnType<typeof checkPenalty>) => (checked.ok ? [] : checked.errors.map((e) => e.field).sort());

/** The event the record becomes, validated against its contract. */
function validatePublished(checked: ReturnType<typeof checkPenalty>) {
  if (!checked.ok) throw new Error('not ok');
  const [event] = penaltyDecider.decide({ type: 'RecordPenalty', data: checked.record }, penaltyDecider.initialState());
  const at = now.toISOString();
  return eventRegistry.validate({
    id: newEventId(), type: event.type, version: 1, stream: penaltyStream(penaltyId), streamVersion: 1, subjectKey: checked.subjectKey,
    occurredAt: at, recordedAt: at, correlationId: newEventId(), causationId: null, actor: { departmentCode: '11450100007712342F' }, data: event.data,
  });
}

describe('penalty intake: the national field set', () => {
  it('keeps legacy codes and the legal representative document only masked; the clear number only for the vault hand-off', () => {
    const checked = checkPenalty(
      dto(
        { categories: ['罚款', '暂扣许可证件'], suspendedCertificate: { name: '食品经营许可证', number: 'JY1' }, remarks: ' 备注 ' },
        {
          registrationNumber: '450100000012345',
          organizationCode: 'ma5k1234-7',
          taxNumber: `${LEGAL_REPRESENTATIVE_ID}01`,
          institutionCertificateNumber: '事证第145010000123号',
          legalRepresentativeDocument: { type: 'ID_CARD', number: LEGAL_REPRESENTATIVE_ID },
        },
      ),
      settings,
      penaltyId,
      now,
    );
    expect(checked).toMatchObject({
      ok: true,
      personal: { legalRepresentativeDocumentNumber: LEGAL_REPRESENTATIVE_ID },
      record: {
        subject: {
          registrationNumber: '450100000012345',
          organizationCode: 'MA5K12347',
          legalRepresentativeDocument: { type: 'ID_CARD', maskedNumber: maskIdNumber(LEGAL_REPRESENTATIVE_ID) },
        },
        suspendedCertificate: { name: '食品经营许可证', number: 'JY1' },
        remarks: '备注',
      },
    });
    if (!checked.ok) return;
    expect(JSON.stringify(checked.record)).not.toContain(LEGAL_REPRESENTATIVE_ID);
    expect(validatePublished(checked)).toMatchObject({ ok: true });
  });

  it('keys an individual business with the placeholder code by its registration number; valid per contract', () => {
    const checked = checkPenalty(dto({}, { kind: 'INDIVIDUAL_BUSINESS', code: '00000000000000000x', registrationNumber: '450100000012345' }), settings, penaltyId, now);
    expect(checked).toMatchObject({ ok: true, subjectKey: 'IB-450100000012345', record: { subject: { code: '00000000000000000X' } } });
    expect(validatePublished(checked)).toMatchObject({ ok: true });
  });

  it.each([
    ['the placeholder without registration number', {}, { kind: 'INDIVIDUAL_BUSINESS', code: '00000000000000000X' }, ['subject.registrationNumber']],
    ['the placeholder for another kind', {}, { kind: 'OTHER_ORGANIZATION', code: '00000000000000000X', registrationNumber: '450100000012345' }, ['subject.code']],
    ['a legal representative ID failing GB 11643', {}, { legalRepresentativeDocument: { type: 'ID_CARD', number: '450102199003071239' } }, ['subject.legalRepresentativeDocument.number']],
    ['a malformed passport', {}, { legalRepresentativeDocument: { type: 'PASSPORT', number: 'E1' } }, ['subject.legalRepresentativeDocument.number']],
    ['a malformed tax number', {}, { taxNumber: '1234' }, ['subject.taxNumber']],
    ['a revocation without the certificate', { categories: ['吊销许可证件'] }, {}, ['suspendedCertificate']],
  ])('refuses %s', (_case, over, subject, fields) => {
    const checked = checkPenalty(dto(over as Partial<RecordPenaltyDto>, subject), settings, penaltyId, now);
    expect(fieldsOf(checked)).toEqual(fields);
    expect(JSON.stringify(checked)).not.toContain('450102199003071239');
  });

  it('refuses by contract a matter code without the catalog version it was checked against', () => {
    const checked = checkPenalty(dto({ matterCode: 'XZCF-001' }), settings, penaltyId, now);
    expect(validatePublished(checked)).toMatchObject({ ok: false });
    if (!checked.ok) return;
    const resolved = { ...checked, record: { ...checked.record, matterVersion: 2, matterName: '对虚假宣传行为的行政处罚' } };
    expect(validatePublished(resolved)).toMatchObject({ ok: true });
  });
});
