import type { RepairAppliedV1, RepairApprovedV1 } from '@credit/contracts';
import { StateConflictError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { effectConfirmedBy, expectedEffects, RepairAlreadyApplied, repairDecider, RepairNotFound, type Acknowledgement, type RepairEvent } from './repair.decider';

const spec = deciderSpec(repairDecider);

const applied: RepairAppliedV1 = {
  applicationId: 'app-1',
  subjectCode: '91450100MA5K12347C',
  maskedCode: '91450100MA5K12347C',
  target: { type: 'PENALTY', id: 'penalty-1' },
  commitmentId: 'commitment-1',
  evidence: [{ kind: 'FINE_PAID', description: '罚款已缴清' }],
  appliedOn: '2026-05-06',
  dueBy: '2026-05-11T23:59:59.999+08:00',
};
const appliedEvent: RepairEvent = { type: 'credit-repair.repair-applied', data: applied };
const decision = { approved: true, reason: '已履行义务并签署信用修复承诺', decidedOn: '2026-05-07', decidingUnitCode: '11450100007712342F' };
const approvedEvent: RepairEvent = {
  type: 'credit-repair.repair-approved',
  data: {
    applicationId: 'app-1',
    target: applied.target,
    decidedOn: decision.decidedOn,
    reason: decision.reason,
    decidingUnitCode: decision.decidingUnitCode,
    effects: expectedEffects('PENALTY'),
  },
};
const observe = (acknowledgement: Acknowledgement, eventId: string, events: RepairEvent[]) =>
  spec.given(events).when({ type: 'ObserveAcknowledgement', data: { acknowledgement, eventId, at: '2026-05-07T10:00:00.000+08:00' } }).events();

const withdrawn: Acknowledgement = { kind: 'PUBLICITY_WITHDRAWN', reason: 'REPAIR' };
const exited: Acknowledgement = { kind: 'REPAIR_EFFECTS_COMPLETED' };
const grade: Acknowledgement = { kind: 'GRADE_RECOMPUTED' };
const website: Acknowledgement = { kind: 'WEBSITE_CLEARED' };
const delivered = (target: string): Acknowledgement => ({ kind: 'DELIVERY_ACKNOWLEDGED', target, sourceType: 'credit-repair.repair-approved' });

describe('repair application', () => {
  it('is applied once', () => {
    spec.given([]).when({ type: 'ApplyForRepair', data: applied }).then([appliedEvent]);
    spec.given([appliedEvent]).when({ type: 'ApplyForRepair', data: applied }).thenThrows(RepairAlreadyApplied);
  });

  it('is approved with the target it was applied for, expecting each service effect of a penalty repair', () => {
    spec.given([appliedEvent]).when({ type: 'DecideRepair', data: decision }).then([approvedEvent]);
    const state = spec.given([appliedEvent, approvedEvent]).state;
    expect(state).toMatchObject({ status: 'APPROVED' });
    expect(state.status !== 'NONE' && state.effects.map((e) => e.effect)).toEqual([
      'publicity-withdrawn',
      'list-entries-exited',
      'grade-recomputed',
      'delivered-credit-china',
      'delivered-enterprise-publicity',
      'website-cleared',
    ]);
    expect(expectedEffects('LIST_ENTRY').map((e) => e.effect)).not.toContain('publicity-withdrawn');
    expect(expectedEffects('LIST_ENTRY').map((e) => e.effect)).toContain('website-cleared');
  });

  it('is rejected with the reason, and a decided application cannot be decided again (a state conflict, 409)', () => {
    const rejected = spec.given([appliedEvent]).when({ type: 'DecideRepair', data: { ...decision, approved: false, reason: '罚款未缴清' } }).events();
    expect(rejected).toEqual([
      { type: 'credit-repair.repair-rejected', data: { applicationId: 'app-1', decidedOn: '2026-05-07', reason: '罚款未缴清', decidingUnitCode: decision.decidingUnitCode } },
    ]);
    for (const history of [[appliedEvent, ...rejected], [appliedEvent, approvedEvent]]) {
      spec.given(history).when({ type: 'DecideRepair', data: decision }).thenThrows(StateConflictError, 'repair.already-decided');
    }
  });

  it('confirms each effect once by its acknowledgement and completes when the last one arrives', () => {
    const history: RepairEvent[] = [appliedEvent, approvedEvent];
    const steps: [Acknowledgement, string][] = [
      [withdrawn, 'publicity-withdrawn'],
      [exited, 'list-entries-exited'],
      [grade, 'grade-recomputed'],
      [delivered('credit-china'), 'delivered-credit-china'],
      [website, 'website-cleared'],
    ];
    for (const [i, [ack, effect]] of steps.entries()) {
      const events = observe(ack, `event-${i}`, history);
      expect(events).toEqual([
        { type: 'credit-repair.repair-effect-confirmed', data: expect.objectContaining({ applicationId: 'app-1', effect, confirmedBy: `event-${i}` }) },
      ]);
      history.push(...events);
      // The same acknowledgement again (another delivery, a replay) confirms nothing more.
      expect(observe(ack, `event-${i}-again`, history)).toEqual([]);
    }
    const last = observe(delivered('enterprise-publicity'), 'event-last', history);
    expect(last.map((e) => e.type)).toEqual(['credit-repair.repair-effect-confirmed', 'credit-repair.repair-completed']);
    expect(last[1].data).toEqual({ applicationId: 'app-1', completedAt: '2026-05-07T10:00:00.000+08:00' });
    expect(spec.given([...history, ...last]).state).toMatchObject({ status: 'COMPLETED' });
    expect(observe(grade, 'late', [...history, ...last])).toEqual([]);
  });

  it('counts only the grade recomputed after both the withdrawal and the exits', () => {
    expect(observe(grade, 'g-1', [appliedEvent, approvedEvent])).toEqual([]);
    const afterWithdrawal = [appliedEvent, approvedEvent, ...observe(withdrawn, 'w', [appliedEvent, approvedEvent])];
    expect(observe(grade, 'g-2', afterWithdrawal)).toEqual([]);
    const afterExits = [...afterWithdrawal, ...observe(exited, 'x', afterWithdrawal)];
    expect(observe(grade, 'g-3', afterExits)).toEqual([expect.objectContaining({ data: expect.objectContaining({ effect: 'grade-recomputed', confirmedBy: 'g-3' }) })]);
  });

  it('takes double-publicity\'s note of a penalty already out of publicity as the withdrawal effect, once, for its own application only', () => {
    const history: RepairEvent[] = [appliedEvent, approvedEvent];
    const noted = (repairApplicationId: string): Acknowledgement => ({ kind: 'REPAIR_NOTED_OUT_OF_PUBLICITY', repairApplicationId, alreadyOutOfPublicity: 'EXPIRY' });
    expect(observe(noted('app-other'), 'n-0', history)).toEqual([]);
    const confirmed = observe(noted('app-1'), 'n-1', history);
    expect(confirmed).toEqual([
      { type: 'credit-repair.repair-effect-confirmed', data: expect.objectContaining({ applicationId: 'app-1', service: 'double-publicity', effect: 'publicity-withdrawn', confirmedBy: 'n-1' }) },
    ]);
    history.push(...confirmed);
    // Redelivered, or a withdrawal under the same id afterwards: nothing more.
    expect(observe(noted('app-1'), 'n-2', history)).toEqual([]);
    expect(observe(withdrawn, 'w', history)).toEqual([]);
    // The rest of the flow completes the application.
    for (const [i, ack] of [exited, grade, delivered('credit-china'), website].entries()) history.push(...observe(ack, `a-${i}`, history));
    const last = observe(delivered('enterprise-publicity'), 'last', history);
    expect(last.map((e) => e.type)).toEqual(['credit-repair.repair-effect-confirmed', 'credit-repair.repair-completed']);
  });

  it('ignores acknowledgements that are not this repair’s effects', () => {
    const history = [appliedEvent, approvedEvent];
    expect(observe({ kind: 'PUBLICITY_WITHDRAWN', reason: 'REVOCATION' }, 'r', history)).toEqual([]);
    expect(observe({ kind: 'DELIVERY_ACKNOWLEDGED', target: 'credit-china', sourceType: 'double-publicity.penalty-published' }, 'd', history)).toEqual([]);
    expect(observe({ kind: 'DELIVERY_ACKNOWLEDGED', target: 'shared-platform', sourceType: 'credit-repair.repair-approved' }, 'd', history)).toEqual([]);
    // Before the approval nothing is expected yet.
    expect(observe(exited, 'early', [appliedEvent])).toEqual([]);
    // A list entry repair expects no withdrawal, so its grade follows the exits alone.
    const listRepair: RepairEvent[] = [
      { type: 'credit-repair.repair-applied', data: { ...applied, target: { type: 'LIST_ENTRY', id: 'entry-1' } } },
      { ...approvedEvent, data: { ...(approvedEvent.data as object), target: { type: 'LIST_ENTRY', id: 'entry-1' }, effects: expectedEffects('LIST_ENTRY') } } as RepairEvent,
    ];
    const state = spec.given(listRepair).state;
    expect(state.status !== 'NONE' && effectConfirmedBy(grade, state.effects)).toBeNull();
    expect(observe(withdrawn, 'w', listRepair)).toEqual([]);
    const afterExits = [...listRepair, ...observe(exited, 'x', listRepair)];
    expect(observe(grade, 'g', afterExits)).toHaveLength(1);
  });

  it('marks a refused delivery FAILED once, and still completes when a retried delivery is acknowledged', () => {
    const history: RepairEvent[] = [appliedEvent, approvedEvent];
    const refused = (target: string, sourceType = 'credit-repair.repair-approved'): Acknowledgement => ({ kind: 'DELIVERY_FAILED', target, sourceType, error: 'HTTP 400: bad payload' });
    const failed = observe(refused('enterprise-publicity'), 'f-1', history);
    expect(failed).toEqual([
      {
        type: 'credit-repair.repair-effect-failed',
        data: { applicationId: 'app-1', service: 'national-connector', effect: 'delivered-enterprise-publicity', failedBy: 'f-1', at: '2026-05-07T10:00:00.000+08:00', error: 'HTTP 400: bad payload' },
      },
    ]);
    history.push(...failed);
    // Reported again, or a failure of another kind of delivery: nothing new.
    expect(observe(refused('enterprise-publicity'), 'f-2', history)).toEqual([]);
    expect(observe(refused('credit-china', 'double-publicity.penalty-published'), 'f-3', history)).toEqual([]);
    for (const ack of [withdrawn, exited, grade, delivered('credit-china'), website]) history.push(...observe(ack, 'ok', history));
    expect(spec.given(history).state).toMatchObject({ status: 'APPROVED' });
    const retried = observe(delivered('enterprise-publicity'), 'd-retry', history);
    expect(retried.map((e) => e.type)).toEqual(['credit-repair.repair-effect-confirmed', 'credit-repair.repair-completed']);
    // A failure reported after the effect was confirmed (a stale retry) changes nothing.
    expect(observe(refused('credit-china'), 'f-late', history)).toEqual([]);
  });

  it('raises one overdue alert per pending effect, none for a confirmed one or after completion', () => {
    const history = [appliedEvent, approvedEvent];
    const alert = (effect: 'grade-recomputed' | 'publicity-withdrawn', events: RepairEvent[]) =>
      spec.given(events).when({ type: 'RaiseOverdueAlert', data: { service: effect === 'grade-recomputed' ? 'grading-supervision' : 'double-publicity', effect, deadline: '2026-05-07T11:00:00.000Z' } }).events();
    const raised = alert('grade-recomputed', history);
    expect(raised).toEqual([
      { type: 'credit-repair.repair-effect-overdue', data: { applicationId: 'app-1', service: 'grading-supervision', effect: 'grade-recomputed', deadline: '2026-05-07T11:00:00.000Z' } },
    ]);
    expect(alert('grade-recomputed', [...history, ...raised])).toEqual([]);
    const confirmed = [...history, ...observe(withdrawn, 'w', history)];
    expect(alert('publicity-withdrawn', confirmed)).toEqual([]);
    expect(alert('grade-recomputed', [appliedEvent])).toEqual([]);
    // An alert does not stop the effect from being confirmed later.
    expect(observe(withdrawn, 'late', [...history, ...alert('publicity-withdrawn', history)])).toHaveLength(1);
  });

  it('waits for the website: not COMPLETED until credit-portal says the page is clean', () => {
    const history: RepairEvent[] = [appliedEvent, approvedEvent];
    for (const ack of [withdrawn, exited, grade, delivered('credit-china'), delivered('enterprise-publicity')]) history.push(...observe(ack, 'ok', history));
    expect(spec.given(history).state).toMatchObject({ status: 'APPROVED' });
    const cleared = observe(website, 'page-clean', history);
    expect(cleared.map((e) => e.type)).toEqual(['credit-repair.repair-effect-confirmed', 'credit-repair.repair-completed']);
    expect(cleared[0].data).toMatchObject({ service: 'credit-portal', effect: 'website-cleared' });
  });

  it('an approval recorded before the website was an effect completes without it', () => {
    const { effects: _effects, ...legacyData } = approvedEvent.data as RepairApprovedV1;
    const history: RepairEvent[] = [appliedEvent, { type: 'credit-repair.repair-approved', data: legacyData }];
    for (const ack of [withdrawn, exited, grade, delivered('credit-china')]) history.push(...observe(ack, 'ok', history));
    expect(observe(delivered('enterprise-publicity'), 'last', history).map((e) => e.type)).toContain('credit-repair.repair-completed');
  });

  describe('due time recomputed after a calendar publication', () => {
    const recompute = {
      previousDueBy: '2027-01-05T23:59:59.999+08:00',
      dueBy: '2027-01-06T23:59:59.999+08:00',
      calendar: [
        { year: 2026, version: 1, provisional: false },
        { year: 2027, version: 1, provisional: false },
      ],
      movedEarlier: false,
      calendarYear: 2027,
      calendarVersion: 1,
    };

    it('is an event of an undecided application', () => {
      spec.given([appliedEvent]).when({ type: 'RecomputeDueBy', data: recompute }).then([
        { type: 'credit-repair.repair-due-date-recomputed', data: { applicationId: 'app-1', ...recompute } },
      ]);
    });

    it('changes nothing once the application is decided, and needs an application', () => {
      spec.given([appliedEvent, approvedEvent]).when({ type: 'RecomputeDueBy', data: recompute }).then([]);
      spec.given([]).when({ type: 'RecomputeDueBy', data: recompute }).thenThrows(RepairNotFound);
    });
  });
});
