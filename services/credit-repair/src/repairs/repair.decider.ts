/**
 * The repair application aggregate (信用修复申请), stream `repair-<applicationId>`: applied,
 * decided by the deciding unit (谁认定、谁修复), then followed until every service it affects has
 * confirmed its effect (architecture.md, "The repair, end to end"). Pure: no Nest, no I/O.
 */
import type {
  RepairAppliedV1,
  RepairApprovedV1,
  RepairCompletedV1,
  RepairEffectConfirmedV1,
  RepairEffectFailedV1,
  RepairEffectName,
  RepairEffectOverdueV1,
  RepairEffectService,
  RepairDueDateRecomputedV1,
  RepairRejectedV1,
  RepairTargetType,
} from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { StateConflictError } from '@credit/platform';

export type RepairEvent =
  | { type: 'credit-repair.repair-applied'; data: RepairAppliedV1 }
  | { type: 'credit-repair.repair-due-date-recomputed'; data: RepairDueDateRecomputedV1 }
  | { type: 'credit-repair.repair-approved'; data: RepairApprovedV1 }
  | { type: 'credit-repair.repair-rejected'; data: RepairRejectedV1 }
  | { type: 'credit-repair.repair-effect-confirmed'; data: RepairEffectConfirmedV1 }
  | { type: 'credit-repair.repair-completed'; data: RepairCompletedV1 }
  | { type: 'credit-repair.repair-effect-failed'; data: RepairEffectFailedV1 }
  | { type: 'credit-repair.repair-effect-overdue'; data: RepairEffectOverdueV1 };

export type RepairStatus = 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'COMPLETED';

export interface ExpectedEffect {
  service: RepairEffectService;
  effect: RepairEffectName;
}

/**
 * What another service's event says about a repair, already read off its envelope. The consumer
 * maps the event type; which effect it confirms, and when, is decided here.
 */
export type Acknowledgement =
  | { kind: 'PUBLICITY_WITHDRAWN'; reason: string }
  /** double-publicity found the penalty already out of publicity (never published, or withdrawn earlier) and noted the repair. */
  | { kind: 'REPAIR_NOTED_OUT_OF_PUBLICITY'; repairApplicationId: string; alreadyOutOfPublicity: string }
  | { kind: 'REPAIR_EFFECTS_COMPLETED' }
  /** credit-portal's page no longer shows what the repair cleared. */
  | { kind: 'WEBSITE_CLEARED' }
  | { kind: 'GRADE_RECOMPUTED' }
  | { kind: 'DELIVERY_ACKNOWLEDGED'; target: string; sourceType: string }
  | { kind: 'DELIVERY_FAILED'; target: string; sourceType: string; error: string };

export type RepairCommand =
  | { type: 'ApplyForRepair'; data: RepairAppliedV1 }
  | { type: 'DecideRepair'; data: { approved: boolean; reason: string; decidedOn: string; decidingUnitCode: string } }
  | { type: 'ObserveAcknowledgement'; data: { acknowledgement: Acknowledgement; eventId: string; at: string } }
  | { type: 'RaiseOverdueAlert'; data: { service: RepairEffectService; effect: RepairEffectName; deadline: string } }
  /** A published calendar year changed an undecided application's due time or the calendar it rests on. */
  | { type: 'RecomputeDueBy'; data: Omit<RepairDueDateRecomputedV1, 'applicationId'> };

interface EffectState extends ExpectedEffect {
  done: boolean;
  /** Reported failed and not confirmed since (a later confirmation still completes it). */
  failed: boolean;
  alerted: boolean;
}

export type RepairState =
  | { status: 'NONE' }
  | {
      status: RepairStatus;
      applicationId: string;
      target: { type: RepairTargetType; id: string };
      decidingUnitCode?: string;
      effects: EffectState[];
    };

export class RepairAlreadyApplied extends Error {
  override readonly name = 'RepairAlreadyApplied';
}

export class RepairNotFound extends Error {
  override readonly name = 'RepairNotFound';
}

/**
 * The effects an approved repair waits for. A penalty leaves publicity (double-publicity) and the
 * list entries resting on it exit (joint-punishment); a list entry target only exits. Either way
 * the grade is recomputed, the result goes to 信用中国 and to 国家企业信用信息公示系统, which
 * synchronise repair results (domain.md §4), and the credit website stops showing what was
 * repaired (credit-portal): COMPLETED means the public page is clean. The approval records them.
 */
export function expectedEffects(targetType: RepairTargetType): ExpectedEffect[] {
  return [...effectsBeforeTheWebsite(targetType), { service: 'credit-portal', effect: 'website-cleared' }];
}

/** What approvals recorded before the website was an effect waited for (their events carry no `effects`). */
function effectsBeforeTheWebsite(targetType: RepairTargetType): ExpectedEffect[] {
  return [
    ...(targetType === 'PENALTY' ? [{ service: 'double-publicity', effect: 'publicity-withdrawn' } as const] : []),
    { service: 'joint-punishment', effect: 'list-entries-exited' },
    { service: 'grading-supervision', effect: 'grade-recomputed' },
    { service: 'national-connector', effect: 'delivered-credit-china' },
    { service: 'national-connector', effect: 'delivered-enterprise-publicity' },
  ];
}

/** The effects an approval waits for: as it recorded them, or as approvals did before they were recorded. */
export function effectsOfApproval(approval: RepairApprovedV1): ExpectedEffect[] {
  return approval.effects ?? effectsBeforeTheWebsite(approval.target.type);
}

/** The upstream deliveries of a repair result, by national-connector's delivery target. */
const DELIVERY_EFFECTS: Readonly<Record<string, RepairEffectName>> = {
  'credit-china': 'delivered-credit-china',
  'enterprise-publicity': 'delivered-enterprise-publicity',
};

/** Effects the grade must already reflect before its recomputation counts as the repair's. */
const GRADE_PREREQUISITES: readonly RepairEffectName[] = ['publicity-withdrawn', 'list-entries-exited'];

/**
 * The effect an acknowledgement confirms, given the effects done so far; null when it confirms
 * none. The grade is recomputed on every change of the subject, so only a recomputation after both
 * the withdrawal and the exits (whichever is later) reflects the repaired record.
 */
export function effectConfirmedBy(ack: Acknowledgement, effects: readonly EffectState[]): RepairEffectName | null {
  switch (ack.kind) {
    case 'PUBLICITY_WITHDRAWN':
      // A withdrawal on revocation is not this repair's effect, even under the same correlation id.
      return ack.reason === 'REPAIR' ? 'publicity-withdrawn' : null;
    // Nothing left to withdraw: the penalty is out of publicity, which is the effect the repair waits for.
    case 'REPAIR_NOTED_OUT_OF_PUBLICITY':
      return 'publicity-withdrawn';
    case 'REPAIR_EFFECTS_COMPLETED':
      return 'list-entries-exited';
    case 'WEBSITE_CLEARED':
      return 'website-cleared';
    case 'GRADE_RECOMPUTED': {
      const prerequisitesDone = effects.filter((e) => GRADE_PREREQUISITES.includes(e.effect)).every((e) => e.done);
      return prerequisitesDone ? 'grade-recomputed' : null;
    }
    case 'DELIVERY_ACKNOWLEDGED':
      return deliveryEffect(ack);
    case 'DELIVERY_FAILED':
      return null;
  }
}

/** The repair effect a delivery stands for; null for a delivery of anything but the repair result. */
function deliveryEffect(ack: { target: string; sourceType: string }): RepairEffectName | null {
  return ack.sourceType === 'credit-repair.repair-approved' ? (DELIVERY_EFFECTS[ack.target] ?? null) : null;
}

export const repairDecider: Decider<RepairCommand, RepairEvent, RepairState> = {
  initialState: () => ({ status: 'NONE' }),

  decide(command, state) {
    switch (command.type) {
      case 'ApplyForRepair':
        if (state.status !== 'NONE') throw new RepairAlreadyApplied(`repair application ${command.data.applicationId} exists`);
        return [{ type: 'credit-repair.repair-applied', data: command.data }];

      case 'DecideRepair': {
        if (state.status === 'NONE') throw new RepairNotFound('no such repair application');
        // A decision is final: the flow it starts (withdrawal, exits, deliveries) cannot be re-decided,
        // and no later moment changes that, hence a conflict with the state (409), not a rule to wait out.
        if (state.status !== 'SUBMITTED') {
          throw new StateConflictError(`repair application ${state.applicationId} is already decided (${state.status})`, {
            rule: 'repair.already-decided',
          });
        }
        const { approved, reason, decidedOn, decidingUnitCode } = command.data;
        if (!approved) return [{ type: 'credit-repair.repair-rejected', data: { applicationId: state.applicationId, decidedOn, reason, decidingUnitCode } }];
        return [
          {
            type: 'credit-repair.repair-approved',
            data: { applicationId: state.applicationId, target: state.target, decidedOn, reason, decidingUnitCode, effects: expectedEffects(state.target.type) },
          },
        ];
      }

      case 'ObserveAcknowledgement': {
        // Acknowledgements only follow an approval this service appended; anything else (a
        // redelivery after completion, an unrelated event under the id) confirms nothing.
        if (state.status !== 'APPROVED') return [];
        const ack = command.data.acknowledgement;
        // A note names the application it answers; one for another application confirms nothing here.
        if (ack.kind === 'REPAIR_NOTED_OUT_OF_PUBLICITY' && ack.repairApplicationId !== state.applicationId) return [];
        if (ack.kind === 'DELIVERY_FAILED') {
          const failed = state.effects.find((e) => e.effect === deliveryEffect(ack));
          // A failure after the effect was confirmed (a stale retry) or reported twice changes nothing.
          if (!failed || failed.done || failed.failed) return [];
          return [
            {
              type: 'credit-repair.repair-effect-failed',
              data: {
                applicationId: state.applicationId,
                service: failed.service,
                effect: failed.effect,
                failedBy: command.data.eventId,
                at: command.data.at,
                error: ack.error,
              },
            },
          ];
        }
        const effect = effectConfirmedBy(ack, state.effects);
        const expected = state.effects.find((e) => e.effect === effect);
        if (!expected || expected.done) return [];
        const confirmed: RepairEvent = {
          type: 'credit-repair.repair-effect-confirmed',
          data: { applicationId: state.applicationId, service: expected.service, effect: expected.effect, confirmedBy: command.data.eventId, at: command.data.at },
        };
        const allDone = state.effects.every((e) => e.done || e === expected);
        return allDone
          ? [confirmed, { type: 'credit-repair.repair-completed', data: { applicationId: state.applicationId, completedAt: command.data.at } }]
          : [confirmed];
      }

      case 'RecomputeDueBy':
        if (state.status === 'NONE') throw new RepairNotFound('no such repair application');
        // The due time is the deadline of the decision: a decided application has none left to move.
        if (state.status !== 'SUBMITTED') return [];
        return [{ type: 'credit-repair.repair-due-date-recomputed', data: { applicationId: state.applicationId, ...command.data } }];

      case 'RaiseOverdueAlert': {
        if (state.status !== 'APPROVED') return [];
        const effect = state.effects.find((e) => e.service === command.data.service && e.effect === command.data.effect);
        // One alert per effect, and none for an effect confirmed meanwhile.
        if (!effect || effect.done || effect.alerted) return [];
        return [{ type: 'credit-repair.repair-effect-overdue', data: { applicationId: state.applicationId, ...command.data } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'credit-repair.repair-applied':
        return { status: 'SUBMITTED', applicationId: event.data.applicationId, target: event.data.target, effects: [] };
      case 'credit-repair.repair-due-date-recomputed':
        return state;
      case 'credit-repair.repair-approved':
        if (state.status === 'NONE') return state;
        return {
          ...state,
          status: 'APPROVED',
          decidingUnitCode: event.data.decidingUnitCode,
          effects: effectsOfApproval(event.data).map((e) => ({ ...e, done: false, failed: false, alerted: false })),
        };
      case 'credit-repair.repair-rejected':
        return state.status === 'NONE' ? state : { ...state, status: 'REJECTED', decidingUnitCode: event.data.decidingUnitCode };
      case 'credit-repair.repair-effect-confirmed':
        return state.status === 'NONE' ? state : { ...state, effects: state.effects.map((e) => (e.effect === event.data.effect ? { ...e, done: true, failed: false } : e)) };
      case 'credit-repair.repair-effect-failed':
        return state.status === 'NONE' ? state : { ...state, effects: state.effects.map((e) => (e.effect === event.data.effect ? { ...e, failed: true } : e)) };
      case 'credit-repair.repair-completed':
        return state.status === 'NONE' ? state : { ...state, status: 'COMPLETED' };
      case 'credit-repair.repair-effect-overdue':
        return state.status === 'NONE' ? state : { ...state, effects: state.effects.map((e) => (e.effect === event.data.effect ? { ...e, alerted: true } : e)) };
    }
  },
};

export const repairStream = (applicationId: string): string => `repair-${applicationId}`;
