import { eventRegistry, newEventId } from '@credit/contracts';
import { subjectIdentity } from '@credit/credit-rules';
import { maskIdNumber, WorkingDayCalendar } from '@credit/domain-kernel';
import { LicenseAlreadyRecorded, licenseDecider, licenseStream } from './license.decider';
import type { RecordLicenseDto } from './license.dto';
import { checkLicense } from './license.rules';

const calendar = new WorkingDayCalendar();
const settings = { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters' }), calendar };
const licenseId = '01936f4e-8d3a-7c2b-9a1e-0123456789ab';
/** Monday 2026-05-18, 10:00 in Shanghai. */
const now = new Date('2026-05-18T10:00:00+08:00');

const dto = (over: Partial<RecordLicenseDto> = {}): RecordLicenseDto =>
  ({
    decisionNumber: ' 南市监许〔2026〕12号 ',
    subject: { name: '南宁市示例餐饮有限公司', kind: 'LEGAL_PERSON', code: '91450100ma5k12347c' },
    licenseName: '食品经营许可证',
    licenseNumber: 'JY14501000012345',
    licenseType: '普通',
    content: '预包装食品销售',
    decidedOn: '2026-05-11',
    validFrom: '2026-05-11',
    validUntil: '2031-05-10',
    authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
    sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
    ...over,
  }) as RecordLicenseDto;

const fieldsOf = (checked: ReturnType<typeof checkLicense>) => (checked.ok ? [] : checked.errors.map((e) => e.field).sort());

describe('licence intake rules', () => {
  it('normalises a valid record, keyed by the subject, timely within 7 working days, valid per contract', () => {
    const checked = checkLicense(dto(), settings, licenseId, now);
    expect(checked).toMatchObject({
      ok: true,
      subjectKey: '91450100MA5K12347C',
      record: { licenseId, decisionNumber: '南市监许〔2026〕12号', subject: { code: '91450100MA5K12347C' }, licenseType: '普通', timely: true },
    });
    if (!checked.ok) return;
    const events = licenseDecider.decide({ type: 'RecordLicense', data: checked.record }, licenseDecider.initialState());
    const at = now.toISOString();
    expect(
      eventRegistry.validate({
        id: newEventId(), type: events[0].type, version: 1, stream: licenseStream(licenseId), streamVersion: 1, subjectKey: checked.subjectKey,
        occurredAt: at, recordedAt: at, correlationId: newEventId(), causationId: null, actor: { departmentCode: '11450100007712342F' }, data: events[0].data,
      }),
    ).toMatchObject({ ok: true });
    expect(() => licenseDecider.decide({ type: 'RecordLicense', data: checked.record }, events.reduce(licenseDecider.evolve, licenseDecider.initialState()))).toThrow(
      LicenseAlreadyRecorded,
    );
  });

  it('falls back to the licence number when there is no decision number, and refuses a record with neither', () => {
    expect(checkLicense(dto({ decisionNumber: undefined }), settings, licenseId, now)).toMatchObject({ ok: true, record: { decisionNumber: 'JY14501000012345' } });
    expect(fieldsOf(checkLicense(dto({ decisionNumber: undefined, licenseNumber: undefined }), settings, licenseId, now))).toEqual(['decisionNumber']);
  });

  it('flags a decision 8 working days before intake as not timely', () => {
    // 2026-05-06 (Wed) is 8 working days before 2026-05-18 (Mon).
    expect(checkLicense(dto({ decidedOn: '2026-05-06', validFrom: '2026-05-06' }), settings, licenseId, now)).toMatchObject({ ok: true, record: { timely: false } });
  });

  it.each([
    ['a subject code with a wrong check character', { subject: { name: '甲', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }, ['subject.code']],
    ['a bad authority and source unit', { authority: { name: '甲', code: '11450100007712342G' }, sourceUnit: { name: '甲', code: 'X' } }, ['authority.code', 'sourceUnit.code']],
    ['a decision date that does not exist', { decidedOn: '2025-02-30' }, ['decidedOn']],
    ['a decision in the future', { decidedOn: '2026-06-01' }, ['decidedOn']],
    ['valid from a date that does not exist', { validFrom: '2026-13-01' }, ['validFrom']],
    ['valid until before valid from', { validUntil: '2026-05-10' }, ['validUntil']],
  ])('refuses %s', (_case, over, fields) => {
    expect(fieldsOf(checkLicense(dto(over as Partial<RecordLicenseDto>), settings, licenseId, now))).toEqual(fields);
  });

  it("keeps a natural person's ID number only as key and mask", () => {
    const checked = checkLicense(dto({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: '11010519491231002X' } }), settings, licenseId, now);
    expect(checked).toMatchObject({ ok: true, subjectKey: expect.stringMatching(/^NP-/), record: { subject: { code: null, maskedCode: maskIdNumber('11010519491231002X') } } });
    expect(JSON.stringify(checked)).not.toContain('11010519491231002X');
  });
});
