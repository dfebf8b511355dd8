/**
 * The effects an approved repair (信用修复) waits for, once (architecture.md, "The repair, end to
 * end"; domain.md §4, §9): which service performs each, which event acknowledges it, and, for the
 * national deliveries, which upstream target it is. credit-repair follows an approval with it;
 * national-connector delivers a repair result to the targets it names.
 */
import {
  deliveryAcknowledgedV1,
  gradeRecomputedV1,
  penaltyPublicityWithdrawnV1,
  penaltyRepairNotedV1,
  repairApprovedV1,
  repairEffectsCompletedV1,
  repairPublicationClearedV1,
  type DeliveryTarget,
  type RepairEffectName,
  type RepairEffectService,
  type RepairTargetType,
} from '@credit/contracts';

/** One effect of an approved repair. */
export interface RepairEffectRule {
  effect: RepairEffectName;
  /** The service that performs it. */
  service: RepairEffectService;
  /** The repair targets whose approval calls for it. */
  targets: readonly RepairTargetType[];
  /** The event types that acknowledge it (correlated by the application id). */
  acknowledgedBy: readonly string[];
  /** For a national delivery: the upstream target the repair result goes to. */
  deliveryTarget?: DeliveryTarget;
  /** Effects its acknowledgement must come after to count as the repair's (the grade reflects them). */
  after?: readonly RepairEffectName[];
  /** Whether approvals recorded before the effects were written on them (no `effects`) waited for it too. */
  awaitedByEarlierApprovals: boolean;
}

const BOTH_TARGETS: readonly RepairTargetType[] = ['PENALTY', 'LIST_ENTRY'];

/**
 * A penalty leaves publicity (double-publicity) and the list entries resting on it exit
 * (joint-punishment); a list entry target only exits. Either way the grade is recomputed, the result
 * goes to 信用中国 and to 国家企业信用信息公示系统, which synchronise repair results, and the credit
 * website stops showing what was repaired (credit-portal). In the order an approval records them.
 */
export const REPAIR_EFFECTS: readonly RepairEffectRule[] = [
  {
    effect: 'publicity-withdrawn',
    service: 'double-publicity',
    targets: ['PENALTY'],
    // A withdrawal for the repair, or a note that the penalty was already out of publicity.
    acknowledgedBy: [penaltyPublicityWithdrawnV1.type, penaltyRepairNotedV1.type],
    awaitedByEarlierApprovals: true,
  },
  { effect: 'list-entries-exited', service: 'joint-punishment', targets: BOTH_TARGETS, acknowledgedBy: [repairEffectsCompletedV1.type], awaitedByEarlierApprovals: true },
  {
    effect: 'grade-recomputed',
    service: 'grading-supervision',
    targets: BOTH_TARGETS,
    acknowledgedBy: [gradeRecomputedV1.type],
    after: ['publicity-withdrawn', 'list-entries-exited'],
    awaitedByEarlierApprovals: true,
  },
  {
    effect: 'delivered-credit-china',
    service: 'national-connector',
    targets: BOTH_TARGETS,
    acknowledgedBy: [deliveryAcknowledgedV1.type],
    deliveryTarget: 'credit-china',
    awaitedByEarlierApprovals: true,
  },
  {
    effect: 'delivered-enterprise-publicity',
    service: 'national-connector',
    targets: BOTH_TARGETS,
    acknowledgedBy: [deliveryAcknowledgedV1.type],
    deliveryTarget: 'enterprise-publicity',
    awaitedByEarlierApprovals: true,
  },
  { effect: 'website-cleared', service: 'credit-portal', targets: BOTH_TARGETS, acknowledgedBy: [repairPublicationClearedV1.type], awaitedByEarlierApprovals: false },
];

/** An effect a repair waits for: the service and what it does. */
export interface RepairEffect {
  service: RepairEffectService;
  effect: RepairEffectName;
}

const asEffect = (rule: RepairEffectRule): RepairEffect => ({ service: rule.service, effect: rule.effect });

/** The effects an approval of a repair of `targetType` waits for (and records). */
export const repairEffectsFor = (targetType: RepairTargetType): RepairEffect[] =>
  REPAIR_EFFECTS.filter((rule) => rule.targets.includes(targetType)).map(asEffect);

/** What approvals recorded before the effects were written on them (their events carry no `effects`) wait for. */
export const repairEffectsOfEarlierApprovals = (targetType: RepairTargetType): RepairEffect[] =>
  REPAIR_EFFECTS.filter((rule) => rule.awaitedByEarlierApprovals && rule.targets.includes(targetType)).map(asEffect);

/** The event type whose national deliveries are a repair's effects. */
export const REPAIR_RESULT_EVENT_TYPE: string = repairApprovedV1.type;

/** The upstream targets a repair result is delivered to (信用中国, 国家企业信用信息公示系统). */
export const REPAIR_DELIVERY_TARGETS: readonly DeliveryTarget[] = REPAIR_EFFECTS.flatMap((rule) => (rule.deliveryTarget ? [rule.deliveryTarget] : []));

/** The repair effect a delivery of `sourceType` to `target` stands for; null for a delivery of anything but the repair result. */
export function repairEffectOfDelivery(target: string, sourceType: string): RepairEffectName | null {
  if (sourceType !== REPAIR_RESULT_EVENT_TYPE) return null;
  return REPAIR_EFFECTS.find((rule) => rule.deliveryTarget === target)?.effect ?? null;
}

/** The effects an event of `eventType` may acknowledge (a delivery acknowledgement: one per target). */
export const repairEffectsAcknowledgedBy = (eventType: string): RepairEffectName[] =>
  REPAIR_EFFECTS.filter((rule) => rule.acknowledgedBy.includes(eventType)).map((rule) => rule.effect);

/** The effects that must be done before an acknowledgement of `effect` counts as the repair's. */
export const repairEffectPrerequisites = (effect: RepairEffectName): readonly RepairEffectName[] =>
  REPAIR_EFFECTS.find((rule) => rule.effect === effect)?.after ?? [];
