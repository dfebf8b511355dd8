/**
 * The month's joint reward-punishment execution report (跟踪反馈) → the national joint
 * reward-punishment system on 信用中国 / 全国信用信息共享平台 `/feedback/monthly` (domain.md §5, §9).
 * Reference data: no subject.
 *
 * Field mapping (monthly-feedback-compiled data → national): month, from, to, cityWide, units → same names.
 */
import { monthlyFeedbackCompiledV1, type EventEnvelope, type MonthlyFeedbackCompiledV1 } from '@credit/contracts';
import type { PlannedDelivery } from './shared';

export const ENDPOINT = '/feedback/monthly';
export const eventTypes = [monthlyFeedbackCompiledV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== monthlyFeedbackCompiledV1.type) return [];
  const f = (event as EventEnvelope<MonthlyFeedbackCompiledV1>).data;
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload: { month: f.month, from: f.from, to: f.to, cityWide: f.cityWide, units: f.units } }];
}
