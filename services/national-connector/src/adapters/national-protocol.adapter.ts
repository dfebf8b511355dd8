/**
 * The documented JSON protocol of the national platforms (api-contract.md, national-connector;
 * domain.md §9): which subject events go upstream, to which feed and target, and the body sent.
 * The real interfaces are provincial and not public: a province's adapter replaces this module
 * (same `planDeliveries` signature) without touching the ledger, the worker or the consumer.
 */
import {
  listEntryCreatedV1,
  penaltyPublishedV1,
  repairApprovedV1,
  type DeliveryTarget,
  type EventEnvelope,
  type ListEntryCreatedV1,
  type PenaltyPublishedV1,
  type RepairApprovedV1,
} from '@credit/contracts';

/** One call to make upstream for a source event. */
export interface PlannedDelivery {
  target: DeliveryTarget;
  /** Path under NATIONAL_PLATFORM_URL; the target goes in `?target=`. */
  endpoint: string;
  payload: Record<string, unknown>;
}

/** The event types delivered upstream: the consumer subscribes to exactly these. */
export const DELIVERED_EVENT_TYPES = [penaltyPublishedV1.type, listEntryCreatedV1.type, repairApprovedV1.type] as const;

/**
 * The deliveries an event calls for (empty when it is not delivered upstream). Pure: the same event
 * always gives the same deliveries, so a redelivered event maps onto the same ledger rows.
 */
export function planDeliveries(event: EventEnvelope): PlannedDelivery[] {
  switch (event.type) {
    // 双公示 records go to 信用中国 (domain.md §9); only published ones: an unpublished record stays local.
    case penaltyPublishedV1.type:
      return [{ target: 'credit-china', endpoint: '/publicity/penalties', payload: penaltyPayload(event as EventEnvelope<PenaltyPublishedV1>) }];
    case listEntryCreatedV1.type:
      return [{ target: 'credit-china', endpoint: '/list-entries', payload: listEntryPayload(event as EventEnvelope<ListEntryCreatedV1>) }];
    // Repair results go to both 信用中国 and 国家企业信用信息公示系统, which synchronise them (domain.md §9).
    case repairApprovedV1.type: {
      const payload = repairPayload(event as EventEnvelope<RepairApprovedV1>);
      return [
        { target: 'credit-china', endpoint: '/repair-results', payload },
        { target: 'enterprise-publicity', endpoint: '/repair-results', payload },
      ];
    }
    default:
      return [];
  }
}

/**
 * The subject as the national feed identifies it. Events carry a natural person's ID number only
 * masked (architecture.md, Personal data), so the masked number and the subject key are sent.
 * Releasing the clear number through subject-registry's vault (with its audit record) for the
 * national feed is a later step; it belongs here, in the adapter, when it comes.
 */
function subjectOf(event: EventEnvelope, subject: { kind?: string; code: string | null; maskedCode: string; name?: string }) {
  return {
    ...(subject.kind !== undefined && { kind: subject.kind }),
    ...(subject.name !== undefined && { name: subject.name }),
    code: subject.code,
    maskedCode: subject.maskedCode,
    ...(subject.code === null && { subjectKey: event.subjectKey }),
  };
}

function penaltyPayload(event: EventEnvelope<PenaltyPublishedV1>): Record<string, unknown> {
  const p = event.data;
  return {
    recordId: p.penaltyId,
    decisionNumber: p.decisionNumber,
    subject: { ...subjectOf(event, p.subject), ...(p.subject.legalRepresentative !== undefined && { legalRepresentative: p.subject.legalRepresentative }) },
    violationType: p.violationType,
    violationFacts: p.violationFacts,
    basis: p.basis,
    categories: p.categories,
    content: p.content,
    // The national penalty feed counts money in 万元 (ten thousand yuan).
    ...(p.fineAmount !== undefined && { fineAmountTenThousandYuan: yuanToTenThousandYuan(p.fineAmount) }),
    ...(p.confiscatedAmount !== undefined && { confiscatedAmountTenThousandYuan: yuanToTenThousandYuan(p.confiscatedAmount) }),
    decidedOn: p.decidedOn,
    ...(p.validUntil !== undefined && { validUntil: p.validUntil }),
    severity: p.severity,
    authority: p.authority,
    sourceUnit: p.sourceUnit,
    publicity: { from: p.publicity.from, until: p.publicity.maximumUntil },
  };
}

function listEntryPayload(event: EventEnvelope<ListEntryCreatedV1>): Record<string, unknown> {
  const e = event.data;
  return {
    listEntryId: e.listEntryId,
    list: e.list,
    category: e.category,
    subject: subjectOf(event, { code: e.subjectCode, maskedCode: e.maskedCode }),
    basis: e.basis,
    initiatingUnit: e.initiatingUnit,
    decidedOn: e.decidedOn,
    ...(e.validUntil !== undefined && { validUntil: e.validUntil }),
  };
}

function repairPayload(event: EventEnvelope<RepairApprovedV1>): Record<string, unknown> {
  const r = event.data;
  return {
    repairApplicationId: r.applicationId,
    target: r.target,
    decidedOn: r.decidedOn,
    reason: r.reason,
    decidingUnitCode: r.decidingUnitCode,
    subjectKey: event.subjectKey,
  };
}

/**
 * `"2000.00"` yuan → 0.2 万元. Computed on integer fen so that no binary rounding creeps in; the
 * result has at most six decimals, which a JSON number carries exactly enough for the feed.
 */
export function yuanToTenThousandYuan(yuan: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(yuan);
  if (!match) throw new Error(`not a yuan amount with two decimals: ${yuan}`);
  const fen = BigInt(match[1]) * 100n + BigInt(match[2]);
  const whole = fen / 1_000_000n;
  const fraction = (fen % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return Number(fraction ? `${whole}.${fraction}` : `${whole}`);
}
