/**
 * The documented JSON protocol of the national platforms (api-contract.md, national-connector;
 * domain.md §9), one flow per file: which source events go upstream, to which feed and target, and
 * the body sent. The real interfaces are provincial and not public: a province's adapter replaces
 * these flows (same `planDeliveries` signature) without touching the ledger, the worker or the consumer.
 */
import type { EventEnvelope } from '@credit/contracts';
import * as commitment from './commitment.flow';
import * as creditLoan from './credit-loan.flow';
import * as gradingResult from './grading-result.flow';
import * as inspectionResult from './inspection-result.flow';
import * as licensePublicity from './license-publicity.flow';
import * as listEntry from './list-entry.flow';
import * as listEntryExit from './list-entry-exit.flow';
import * as monthlyFeedback from './monthly-feedback.flow';
import * as objectionOutcome from './objection-outcome.flow';
import * as penaltyPublicity from './penalty-publicity.flow';
import * as penaltyWithdrawal from './penalty-withdrawal.flow';
import * as repairResult from './repair-result.flow';
import type { PlannedDelivery, UpstreamFlow } from './shared';

export { yuanToTenThousandYuan, yuanToWan, type PlannedDelivery, type UpstreamFlow } from './shared';

export const UPSTREAM_FLOWS: readonly UpstreamFlow[] = [
  penaltyPublicity,
  penaltyWithdrawal,
  licensePublicity,
  objectionOutcome,
  listEntry,
  listEntryExit,
  repairResult,
  monthlyFeedback,
  creditLoan,
  commitment,
  gradingResult,
  inspectionResult,
];

/** Each event type has one flow: two flows planning the same event would be a mistake, refused at load. */
const FLOW_BY_TYPE: ReadonlyMap<string, UpstreamFlow> = UPSTREAM_FLOWS.reduce((byType, flow) => {
  for (const type of flow.eventTypes) {
    if (byType.has(type)) throw new Error(`two upstream flows handle ${type}`);
    byType.set(type, flow);
  }
  return byType;
}, new Map<string, UpstreamFlow>());

/** The event types delivered upstream: the consumer subscribes to exactly these. */
export const DELIVERED_EVENT_TYPES: readonly string[] = [...FLOW_BY_TYPE.keys()];

/**
 * The deliveries an event calls for (empty when it is not delivered upstream). Pure: the same event
 * always gives the same deliveries, so a redelivered event maps onto the same ledger rows.
 */
export function planDeliveries(event: EventEnvelope): PlannedDelivery[] {
  return FLOW_BY_TYPE.get(event.type)?.plan(event) ?? [];
}
