/**
 * Repair results → 信用中国 and 国家企业信用信息公示系统 `/repair-results`, which synchronise them
 * (domain.md §9): the delivery targets of the credit rules' repair effect map, whose
 * acknowledgements credit-repair awaits.
 *
 * Field mapping (repair-approved data → national):
 *   applicationId → repairApplicationId · target, decidedOn, reason, decidingUnitCode → same names
 *   envelope subjectKey → subjectKey
 */
import { repairApprovedV1, type EventEnvelope, type RepairApprovedV1 } from '@credit/contracts';
import { REPAIR_DELIVERY_TARGETS } from '@credit/credit-rules';
import type { PlannedDelivery } from './shared';

export const ENDPOINT = '/repair-results';
export const eventTypes = [repairApprovedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== repairApprovedV1.type) return [];
  const r = (event as EventEnvelope<RepairApprovedV1>).data;
  const payload = {
    repairApplicationId: r.applicationId,
    target: r.target,
    decidedOn: r.decidedOn,
    reason: r.reason,
    decidingUnitCode: r.decidingUnitCode,
    subjectKey: event.subjectKey,
  };
  return REPAIR_DELIVERY_TARGETS.map((target) => ({ target, endpoint: ENDPOINT, payload }));
}
