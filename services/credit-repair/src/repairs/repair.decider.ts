/**
 * The repair application aggregate (信用修复申请), stream `repair-<applicationId>`: applied,
 * decided by the deciding unit (谁认定、谁修复), then followed until every service it affects has
 * confirmed its effect (architecture.md, "The repair, end to end"). Pure: no Nest, no I/O.
 */
import {
  gradeRecomputedV1,
  penaltyPublicityWithdrawnV1,
  penaltyRepairNotedV1,
  repairEffectsCompletedV1,
  repairPublicationClearedV1,
  type RepairAppliedV1,
  type RepairApprovedV1,
  type RepairCompletedV1,
  type RepairEffectConfirmedV1,
  type RepairEffectFailedV1,
  type RepairEffectName,
  type RepairEffectOverdueV1,
  type RepairEffectService,
  type RepairDueDateRecomputedV1,
  type RepairRejectedV1,
  type RepairTargetType,
} from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import {
  repairEffectOfDelivery,
  repairEffectPrerequisites,
  repairEffectsAcknowledgedBy,
  repairEffectsFor,
  repairEffectsOfEarlierApprovals,
  StateConflictError,
  type RepairEffect,
} from '@credit/credit-rules';

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

export type ExpectedEffect = RepairEffect;

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
 * The effects an approved repair waits for, as the credit rules' effect map lists them for its
 * target (REPAIR_EFFECTS: a penalty's publicity withdrawn, list entries exited, grade recomputed,
 * delivered to 信用中国 and 国家企业信用信息公示系统, website cleared). The approval records them.
 */
export function expectedEffects(targetType: RepairTargetType): ExpectedEffect[] {
  return repairEffectsFor(targetType);
}

/** The effects an approval waits for: as it recorded them, or as approvals did before they were recorded. */
export function effectsOfApproval(approval: RepairApprovedV1): ExpectedEffect[] {
  return approval.effects ?? repairEffectsOfEarlierApprovals(approval.target.type);
}

/** The event each acknowledgement (but a delivery's) reads, whose effect the credit rules' effect map names. */
const ACKNOWLEDGING_EVENT: Readonly<Record<Exclude<Acknowledgement['kind'], 'DELIVERY_ACKNOWLEDGED' | 'DELIVERY_FAILED'>, string>> = {
  PUBLICITY_WITHDRAWN: penaltyPublicityWithdrawnV1.type,
  REPAIR_NOTED_OUT_OF_PUBLICITY: penaltyRepairNotedV1.type,
  REPAIR_EFFECTS_COMPLETED: repairEffectsCompletedV1.type,
  WEBSITE_CLEARED: repairPublicationClearedV1.type,
  GRADE_RECOMPUTED: gradeRecomputedV1.type,
};

/**
 * The effect an acknowledgement confirms, given the effects done so far; null when it confirms
 * none. The grade is recomputed on every change of the subject, so only a recomputation after both
 * the withdrawal and the exits (whichever is later: the effect's prerequisites) reflects the
 * repaired record.
 */
export function effectConfirmedBy(ack: Acknowledgement, effects: readonly EffectState[]): RepairEffectName | null {
  switch (ack.kind) {
    case 'PUBLICITY_WITHDRAWN':
      // A withdrawal on revocation is not this repair's effect, even under the same correlation id.
      if (ack.reason !== 'REPAIR') return null;
      break;
    case 'DELIVERY_ACKNOWLEDGED':
      return deliveryEffect(ack);
    case 'DELIVERY_FAILED':
      return null;
  }
  // Nothing left to withdraw (REPAIR_NOTED_OUT_OF_PUBLICITY): the penalty is out of publicity, which is the effect the repair waits for.
  const [effect] = repairEffectsAcknowledgedBy(ACKNOWLEDGING_EVENT[ack.kind]);
  if (effect === undefined) return null;
  const prerequisites = repairEffectPrerequisites(effect);
  const prerequisitesDone = effects.filter((e) => prerequisites.includes(e.effect)).every((e) => e.done);
  return prerequisitesDone ? effect : null;
}

/** The repair effect a delivery stands for; null for a delivery of anything but the repair result. */
function deliveryEffect(ack: { target: string; sourceType: string }): RepairEffectName | null {
  return repairEffectOfDelivery(ack.target, ack.sourceType);
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
