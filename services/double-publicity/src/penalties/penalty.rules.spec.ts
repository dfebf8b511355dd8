import { eventRegistry, newEventId } from '@credit/contracts';
import { subjectIdentity } from '@credit/credit-rules';
import { maskIdNumber, WorkingDayCalendar } from '@credit/domain-kernel';
import { penaltyDecider, penaltyStream } from './penalty.decider';
import type { RecordPenaltyDto } from './penalty.dto';
import { checkPenalty } from './penalty.rules';

const calendar = new WorkingDayCalendar();
const settings = { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters' }), calendar };
const penaltyId = '01936f4e-8d3a-7c2b-9a1e-0123456789ab';
/** Monday 2026-05-18, 10:00 in Shanghai. */
const now = new Date('2026-05-18T10:00:00+08:00');

const dto = (over: Partial<RecordPenaltyDto> = {}): RecordPenaltyDto =>
  ({
    decisionNumber: ' 南市监处罚〔2026〕88号 ',
    subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100ma5k12347c' },
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

describe('penalty intake rules', () => {
  it('normalises a valid record and computes its window under the regime of its decision date', () => {
    const checked = checkPenalty(dto(), settings, penaltyId, now);
    expect(checked).toMatchObject({
      ok: true,
      subjectKey: '91450100MA5K12347C',
      record: {
        penaltyId,
        decisionNumber: '南市监处罚〔2026〕88号',
        subject: { code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C' },
        fineAmount: '5000.00',
        procedure: 'ORDINARY',
        timely: true,
        publicity: { status: 'PUBLISHED', regime: 'NDRC-2025-ORDER-36', from: '2026-05-11', minimumUntil: '2026-08-11', maximumUntil: '2027-05-11' },
      },
    });
  });

  it('keys a natural person by HMAC and keeps the clear number out of the record, free text included', () => {
    const idNumber = '450102199003071238';
    const checked = checkPenalty(
      dto({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber }, violationFacts: `当事人张三（身份证号${idNumber}）无证经营` }),
      settings,
      penaltyId,
      now,
    );
    if (!checked.ok) throw new Error('expected valid');
    expect(checked.subjectKey).toMatch(/^NP-/);
    expect(checked.record.subject).toEqual({ kind: 'NATURAL_PERSON', code: null, maskedCode: maskIdNumber(idNumber), name: '张三' });
    expect(JSON.stringify(checked.record)).not.toContain(idNumber);
  });

  it('refuses wrong check characters of the subject, the authority and the source unit, without echoing an ID number', () => {
    const checked = checkPenalty(
      dto({
        subject: { name: '张三', kind: 'NATURAL_PERSON', code: '450102199003071239' },
        authority: { name: 'x', code: '11450100007712342G' },
        sourceUnit: { name: 'x', code: '1145010000771234' },
      }),
      settings,
      penaltyId,
      now,
    );
    expect(fieldsOf(checked)).toEqual(['authority.code', 'sourceUnit.code', 'subject.code']);
    expect(JSON.stringify(checked)).not.toContain('450102199003071239');
  });

  it('requires a fine amount for a fine category', () => {
    expect(fieldsOf(checkPenalty(dto({ fineAmount: undefined }), settings, penaltyId, now))).toEqual(['fineAmount']);
    expect(checkPenalty(dto({ categories: ['警告'], fineAmount: undefined }), settings, penaltyId, now).ok).toBe(true);
  });

  it('refuses impossible dates, a decision in the future and a validity ending before the decision', () => {
    expect(fieldsOf(checkPenalty(dto({ decidedOn: '2025-02-30' }), settings, penaltyId, now))).toEqual(['decidedOn']);
    expect(fieldsOf(checkPenalty(dto({ decidedOn: '2026-05-19' }), settings, penaltyId, now))).toEqual(['decidedOn']);
    expect(fieldsOf(checkPenalty(dto({ validUntil: '2026-05-10' }), settings, penaltyId, now))).toEqual(['validUntil']);
    expect(fieldsOf(checkPenalty(dto({ categories: ['罚款', '罚款'] }), settings, penaltyId, now))).toEqual(['categories']);
  });

  it('keeps a withheld record unpublished with its reason', () => {
    const checked = checkPenalty(dto({ disclosure: { public: false, reason: '涉及商业秘密' } }), settings, penaltyId, now);
    expect(checked).toMatchObject({ ok: true, record: { publicity: { status: 'NOT_PUBLISHED', reason: 'DISCLOSURE_WITHHELD', note: '涉及商业秘密' } } });
  });
});

const LEGAL_REPRESENTATIVE_ID = '450102199003071238';

/** The national-field cases start from the same record, as a department feed normalises it, with subject fields added. */
const nationalDto = (over: Partial<RecordPenaltyDto> = {}, subject: Record<string, unknown> = {}): RecordPenaltyDto =>
  dto({ decisionNumber: '南市监处罚〔2026〕88号', ...over, subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', ...subject } as RecordPenaltyDto['subject'] });

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
      nationalDto(
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
    const checked = checkPenalty(nationalDto({}, { kind: 'INDIVIDUAL_BUSINESS', code: '00000000000000000x', registrationNumber: '450100000012345' }), settings, penaltyId, now);
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
    const checked = checkPenalty(nationalDto(over as Partial<RecordPenaltyDto>, subject), settings, penaltyId, now);
    expect(fieldsOf(checked)).toEqual(fields);
    expect(JSON.stringify(checked)).not.toContain('450102199003071239');
  });

  it('refuses by contract a matter code without the catalog version it was checked against', () => {
    const checked = checkPenalty(nationalDto({ matterCode: 'XZCF-001' }), settings, penaltyId, now);
    expect(validatePublished(checked)).toMatchObject({ ok: false });
    if (!checked.ok) return;
    const resolved = { ...checked, record: { ...checked.record, matterVersion: 2, matterName: '对虚假宣传行为的行政处罚' } };
    expect(validatePublished(resolved)).toMatchObject({ ok: true });
  });
});
