import { eventRegistry, newEventId, type ObjectionFiledV1 } from '@credit/contracts';
import { WorkingDayCalendar } from '@credit/domain-kernel';
import { deciderSpec } from '@credit/testing';
import { penaltyDecider } from '../penalties/penalty.decider';
import { ObjectionAlreadyResolved, objectionDecider, ObjectionNotFiled, objectionStream, type ObjectionEvent } from './objection.decider';
import { OBJECTION_DUE_WORKING_DAYS } from './objections.service';

const calendar = new WorkingDayCalendar();
const spec = deciderSpec(objectionDecider);
const objectionId = newEventId();
const recordId = newEventId();
// Filed on Thursday 2026-04-30, before the Labour Day holiday: the 5th working day falls after it.
const filed: ObjectionFiledV1 = {
  objectionId,
  recordId,
  recordType: 'PENALTY',
  maskedCode: '91450100MA5K12347C',
  reason: '处罚决定已被撤销',
  contact: '0771-1234567',
  filedOn: '2026-04-30',
  dueBy: calendar.deadlineOf('2026-04-30', OBJECTION_DUE_WORKING_DAYS),
};
const filedEvent: ObjectionEvent = { type: 'double-publicity.objection-filed', data: filed };

function expectValidPerContract(events: { type: string; data: unknown }[], stream: string) {
  for (const event of events) {
    const at = new Date().toISOString();
    expect(
      eventRegistry.validate({
        id: newEventId(), type: event.type, version: 1, stream, streamVersion: 1, subjectKey: '91450100MA5K12347C',
        occurredAt: at, recordedAt: at, correlationId: newEventId(), causationId: null, actor: { departmentCode: '11450100007712342F' }, data: event.data,
      }),
    ).toMatchObject({ ok: true });
  }
}

describe('objection', () => {
  it('is due at the end of the 5th working day after filing, holidays skipped', () => {
    expect(calendar.workingDaysBetween('2026-04-30', filed.dueBy.slice(0, 10))).toBe(5);
    expect(filed.dueBy > '2026-05-05').toBe(true);
    const events = spec.given([]).when({ type: 'FileObjection', data: filed }).events();
    expect(events).toEqual([filedEvent]);
    expectValidPerContract(events, objectionStream(objectionId));
  });

  it('is resolved once, flagged late only after its due time', () => {
    const due = Date.parse(filed.dueBy);
    const onTime = spec.given([filedEvent]).when({ type: 'ResolveObjection', data: { outcome: 'UPHELD', note: '撤下公示', resolvedOn: filed.dueBy.slice(0, 10), at: new Date(due) } }).events();
    expect(onTime).toEqual([
      { type: 'double-publicity.objection-resolved', data: { objectionId, recordId, outcome: 'UPHELD', note: '撤下公示', resolvedOn: filed.dueBy.slice(0, 10), late: false, recordType: 'PENALTY' } },
    ]);
    expectValidPerContract(onTime, objectionStream(objectionId));
    const late = spec.given([filedEvent]).when({ type: 'ResolveObjection', data: { outcome: 'REJECTED', note: '维持', resolvedOn: '2026-05-30', at: new Date(due + 1) } }).events();
    expect(late[0].data).toMatchObject({ late: true });
    expect(() =>
      spec.given([filedEvent, onTime[0]]).when({ type: 'ResolveObjection', data: { outcome: 'REJECTED', note: '再次', resolvedOn: '2026-05-30', at: new Date() } }).events(),
    ).toThrow(ObjectionAlreadyResolved);
    expect(() => spec.given([]).when({ type: 'ResolveObjection', data: { outcome: 'REJECTED', note: 'x', resolvedOn: '2026-05-30', at: new Date() } }).events()).toThrow(
      ObjectionNotFiled,
    );
  });

  it('withdraws the penalty with reason OBJECTION, valid per contract, once', () => {
    const penaltyState = { status: 'RECORDED' as const, penaltyId: recordId, sourceUnitCode: '11450100007712342F', publicity: 'PUBLISHED' as const };
    const command = { type: 'WithdrawPublicity' as const, data: { reason: 'OBJECTION' as const, objectionId, note: '撤下公示', withdrawnOn: '2026-05-06' } };
    const events = penaltyDecider.decide(command, penaltyState);
    expect(events).toEqual([{ type: 'double-publicity.penalty-publicity-withdrawn', data: { penaltyId: recordId, ...command.data } }]);
    expectValidPerContract(events, `penalty-${recordId}`);
    expect(penaltyDecider.decide(command, penaltyDecider.evolve(penaltyState, events[0]))).toEqual([]);
  });

  it('is flagged overdue once while open; a resolved objection is not flagged', () => {
    const flag = { type: 'FlagOverdue' as const, data: { detectedOn: '2026-05-12' } };
    const events = spec.given([filedEvent]).when(flag).events();
    expect(events).toEqual([{ type: 'double-publicity.objection-overdue', data: { objectionId, recordId, dueBy: filed.dueBy, detectedOn: '2026-05-12' } }]);
    expectValidPerContract(events, objectionStream(objectionId));
    spec.given([filedEvent, ...events]).when(flag).then([]);
    const resolved = spec.given([filedEvent]).when({ type: 'ResolveObjection', data: { outcome: 'REJECTED', note: '合法', resolvedOn: '2026-05-06', at: new Date('2026-05-06T10:00:00+08:00') } }).events();
    spec.given([filedEvent, ...resolved]).when(flag).then([]);
    spec.given([]).when(flag).thenThrows(ObjectionNotFiled);
  });

  it('has its due time recomputed while open, as an event valid per contract; a resolved one keeps its answer', () => {
    const recompute = {
      previousDueBy: filed.dueBy,
      dueBy: '2026-05-13T23:59:59.999+08:00',
      calendar: [{ year: 2026, version: 2, provisional: false }],
      movedEarlier: false,
      calendarYear: 2026,
      calendarVersion: 2,
    };
    const events = spec.given([filedEvent]).when({ type: 'RecomputeDueBy', data: recompute }).events();
    expect(events).toEqual([{ type: 'double-publicity.objection-due-date-recomputed', data: { objectionId, recordId, ...recompute } }]);
    expectValidPerContract(events, objectionStream(objectionId));
    expect(spec.given([filedEvent, ...events]).state).toMatchObject({ status: 'OPEN', dueBy: recompute.dueBy });

    const resolved: ObjectionEvent = {
      type: 'double-publicity.objection-resolved',
      data: { objectionId, recordId, outcome: 'REJECTED', note: '维持', resolvedOn: '2026-05-06', late: false },
    };
    spec.given([filedEvent, resolved]).when({ type: 'RecomputeDueBy', data: recompute }).then([]);
    spec.given([]).when({ type: 'RecomputeDueBy', data: recompute }).thenThrows(ObjectionNotFiled);
  });
});
