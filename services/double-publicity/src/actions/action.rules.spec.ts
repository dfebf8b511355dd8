import { eventRegistry, newEventId } from '@credit/contracts';
import { subjectIdentity } from '@credit/credit-rules';
import { maskIdNumber, WorkingDayCalendar } from '@credit/domain-kernel';
import { AdministrativeActionAlreadyRecorded, administrativeActionDecider, administrativeActionStream } from './action.decider';
import type { RecordAdministrativeActionDto } from './action.dto';
import { checkAdministrativeAction } from './action.rules';

const settings = { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters' }), calendar: new WorkingDayCalendar() };
const actionId = '01936f4e-8d3a-7c2b-9a1e-0123456789ab';
/** Monday 2026-05-18, 10:00 in Shanghai. */
const now = new Date('2026-05-18T10:00:00+08:00');

const dto = (over: Partial<RecordAdministrativeActionDto> = {}): RecordAdministrativeActionDto =>
  ({
    actionType: 'COMPENSATION',
    decisionNumber: ' 南府补〔2026〕3号 ',
    subject: { name: '张三', kind: 'NATURAL_PERSON', code: '11010519491231002X' },
    content: '征收补偿',
    amount: '1500',
    decidedOn: '2026-05-11',
    authority: { name: '南宁市人民政府', code: '11450100007712342F' },
    sourceUnit: { name: '南宁市人民政府', code: '11450100007712342F' },
    ...over,
  }) as RecordAdministrativeActionDto;

describe('administrative action intake rules', () => {
  it('normalises a valid record (public by default, amount in yuan with two places), valid per contract, recorded once', () => {
    const checked = checkAdministrativeAction(dto(), settings, actionId, now);
    expect(checked).toMatchObject({
      ok: true,
      subjectKey: expect.stringMatching(/^NP-/),
      record: {
        actionId,
        actionType: 'COMPENSATION',
        decisionNumber: '南府补〔2026〕3号',
        subject: { code: null, maskedCode: maskIdNumber('11010519491231002X') },
        amount: '1500.00',
        disclosure: { public: true },
        timely: true,
      },
    });
    if (!checked.ok) return;
    expect(JSON.stringify(checked)).not.toContain('11010519491231002X');
    const events = administrativeActionDecider.decide({ type: 'RecordAdministrativeAction', data: checked.record }, administrativeActionDecider.initialState());
    const at = now.toISOString();
    expect(
      eventRegistry.validate({
        id: newEventId(), type: events[0].type, version: 1, stream: administrativeActionStream(actionId), streamVersion: 1, subjectKey: checked.subjectKey,
        occurredAt: at, recordedAt: at, correlationId: newEventId(), causationId: null, actor: { departmentCode: '11450100007712342F' }, data: events[0].data,
      }),
    ).toMatchObject({ ok: true });
    const recorded = events.reduce(administrativeActionDecider.evolve, administrativeActionDecider.initialState());
    expect(() => administrativeActionDecider.decide({ type: 'RecordAdministrativeAction', data: checked.record }, recorded)).toThrow(AdministrativeActionAlreadyRecorded);
  });

  it('flags a decision 8 working days before intake as not timely', () => {
    expect(checkAdministrativeAction(dto({ decidedOn: '2026-05-06' }), settings, actionId, now)).toMatchObject({ ok: true, record: { timely: false } });
  });

  it('refuses bad codes and dates with the shared record rules', () => {
    const checked = checkAdministrativeAction(
      dto({ subject: { name: '甲', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' }, decidedOn: '2026-06-01', validUntil: '2026-01-01' }),
      settings,
      actionId,
      now,
    );
    expect(checked.ok ? [] : checked.errors.map((e) => e.field).sort()).toEqual(['decidedOn', 'subject.code', 'validUntil']);
  });
});
