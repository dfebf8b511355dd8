/**
 * The documented JSON protocol of the national platforms (api-contract.md, national-connector;
 * domain.md §9): which subject events go upstream, to which feed and target, and the body sent.
 * The real interfaces are provincial and not public: a province's adapter replaces this module
 * (same `planDeliveries` signature) without touching the ledger, the worker or the consumer.
 */
import {
  creditLoanShareV1,
  type CreditLoanShareV1,
  licenseCorrectedV1,
  licensePublishedV1,
  listEntryCreatedV1,
  monthlyFeedbackCompiledV1,
  objectionResolvedV1,
  penaltyCorrectedV1,
  penaltyPublishedV1,
  repairApprovedV1,
  type DeliveryTarget,
  type EventEnvelope,
  type LicenseCorrectedV1,
  type LicensePublishedV1,
  type ListEntryCreatedV1,
  type MonthlyFeedbackCompiledV1,
  type ObjectionResolvedV1,
  type PenaltyCorrectedV1,
  type PenaltyPublishedV1,
  type PenaltySubject,
  type RepairApprovedV1,
} from '@credit/contracts';
import { REPAIR_DELIVERY_TARGETS } from '@credit/credit-rules';

/** One call to make upstream for a source event. */
export interface PlannedDelivery {
  target: DeliveryTarget;
  /** Path under NATIONAL_PLATFORM_URL; the target goes in `?target=`. */
  endpoint: string;
  payload: Record<string, unknown>;
}

/** The event types delivered upstream: the consumer subscribes to exactly these. */
export const DELIVERED_EVENT_TYPES = [
  penaltyPublishedV1.type,
  penaltyCorrectedV1.type,
  licensePublishedV1.type,
  licenseCorrectedV1.type,
  objectionResolvedV1.type, listEntryCreatedV1.type, repairApprovedV1.type, monthlyFeedbackCompiledV1.type, creditLoanShareV1.type] as const;

/**
 * The deliveries an event calls for (empty when it is not delivered upstream). Pure: the same event
 * always gives the same deliveries, so a redelivered event maps onto the same ledger rows.
 */
export function planDeliveries(event: EventEnvelope): PlannedDelivery[] {
  switch (event.type) {
    // 双公示 records go to 信用中国 (domain.md §9); only published ones: an unpublished record stays local.
    case penaltyPublishedV1.type:
      return [{ target: 'credit-china', endpoint: '/publicity/penalties', payload: penaltyPayload(event as EventEnvelope<PenaltyPublishedV1>) }];
    // A corrected record is sent again, whole, under the correction event's id as Idempotency-Key. One corrected
    // out of publicity (published before, not now) is sent as well, with `publicity.status` NOT_PUBLISHED: the
    // protocol has no withdrawal endpoint, and upstream must stop showing it. A record that never was published
    // stays local.
    case penaltyCorrectedV1.type: {
      const corrected = event as EventEnvelope<PenaltyCorrectedV1>;
      const correction = {
        reason: corrected.data.reason,
        changedFields: corrected.data.changes.map((c) => c.field),
        ...(corrected.data.objectionId && { objectionId: corrected.data.objectionId }),
      };
      const record = corrected.data.record;
      if (record.publicity.status !== 'PUBLISHED') {
        if (corrected.data.previousPublicityStatus !== 'PUBLISHED') return [];
        const { publicity: _published, publicityDeadline: _deadline, ...fields } = penaltyPayload({ ...corrected, data: record } as unknown as EventEnvelope<PenaltyPublishedV1>);
        const payload = { ...fields, publicity: { status: 'NOT_PUBLISHED', reason: record.publicity.reason }, correction };
        return [{ target: 'credit-china', endpoint: '/publicity/penalties', payload }];
      }
      const payload = { ...penaltyPayload({ ...corrected, data: record } as EventEnvelope<PenaltyPublishedV1>), correction };
      return [{ target: 'credit-china', endpoint: '/publicity/penalties', payload }];
    }
    // Licensing decisions go the same way, and again, whole, when corrected.
    case licensePublishedV1.type:
      return [{ target: 'credit-china', endpoint: '/publicity/licenses', payload: licensePayload(event as EventEnvelope<LicensePublishedV1>) }];
    case licenseCorrectedV1.type: {
      const corrected = event as EventEnvelope<LicenseCorrectedV1>;
      const payload = {
        ...licensePayload({ ...corrected, data: corrected.data.record } as EventEnvelope<LicensePublishedV1>),
        correction: { reason: corrected.data.reason, changedFields: corrected.data.changes.map((c) => c.field), ...(corrected.data.objectionId && { objectionId: corrected.data.objectionId }) },
      };
      return [{ target: 'credit-china', endpoint: '/publicity/licenses', payload }];
    }
    // Objection outcomes are reported upstream (domain.md §2, §9).
    case objectionResolvedV1.type:
      return [{ target: 'credit-china', endpoint: '/publicity/objection-outcomes', payload: objectionOutcomePayload(event as EventEnvelope<ObjectionResolvedV1>) }];
    case listEntryCreatedV1.type:
      return [{ target: 'credit-china', endpoint: '/list-entries', payload: listEntryPayload(event as EventEnvelope<ListEntryCreatedV1>) }];
    // Repair results go to both 信用中国 and 国家企业信用信息公示系统, which synchronise them (domain.md §9):
    // the delivery targets of the credit rules' repair effect map, whose acknowledgements credit-repair awaits.
    case repairApprovedV1.type: {
      const payload = repairPayload(event as EventEnvelope<RepairApprovedV1>);
      return REPAIR_DELIVERY_TARGETS.map((target) => ({ target, endpoint: '/repair-results', payload }));
    }
    // The month's joint reward-punishment execution report goes to the national joint reward-punishment
    // system on 信用中国 / 全国信用信息共享平台 (domain.md §5, §9).
    case monthlyFeedbackCompiledV1.type:
      return [{ target: 'credit-china', endpoint: '/feedback/monthly', payload: monthlyFeedbackPayload(event as EventEnvelope<MonthlyFeedbackCompiledV1>) }];
    // 信易贷支撑信息 of a subject that authorized its delivery (credit-sharing decides that, and what is in scope).
    case creditLoanShareV1.type: {
      const share = event as EventEnvelope<CreditLoanShareV1>;
      const d = share.data;
      const payload = { shareId: d.shareId, authorizationId: d.authorizationId, subject: subjectOf(share, d.subject), categories: d.categories, validUntil: d.validUntil, records: d.records };
      return [{ target: 'credit-loan-platform', endpoint: '/credit-loan/supporting-records', payload }];
    }
    default:
      return [];
  }
}

function monthlyFeedbackPayload(event: EventEnvelope<MonthlyFeedbackCompiledV1>): Record<string, unknown> {
  const f = event.data;
  return { month: f.month, from: f.from, to: f.to, cityWide: f.cityWide, units: f.units };
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

/**
 * The subject block of the 双公示 feed: legacy codes and the legal representative's document as the
 * event carries them (document numbers only masked).
 */
function recordSubjectOf(event: EventEnvelope, subject: PenaltySubject): Record<string, unknown> {
  return {
    ...subjectOf(event, subject),
    ...(subject.legalRepresentative !== undefined && { legalRepresentative: subject.legalRepresentative }),
    ...(subject.documentType !== undefined && { documentType: subject.documentType }),
    ...(subject.registrationNumber !== undefined && { registrationNumber: subject.registrationNumber }),
    ...(subject.organizationCode !== undefined && { organizationCode: subject.organizationCode }),
    ...(subject.taxNumber !== undefined && { taxNumber: subject.taxNumber }),
    ...(subject.institutionCertificateNumber !== undefined && { institutionCertificateNumber: subject.institutionCertificateNumber }),
    ...(subject.socialOrganizationNumber !== undefined && { socialOrganizationNumber: subject.socialOrganizationNumber }),
    ...(subject.legalRepresentativeDocument !== undefined && { legalRepresentativeDocument: subject.legalRepresentativeDocument }),
  };
}

function penaltyPayload(event: EventEnvelope<PenaltyPublishedV1>): Record<string, unknown> {
  const p = event.data;
  return {
    recordId: p.penaltyId,
    decisionNumber: p.decisionNumber,
    subject: recordSubjectOf(event, p.subject),
    violationType: p.violationType,
    violationFacts: p.violationFacts,
    basis: p.basis,
    categories: p.categories,
    content: p.content,
    // The national penalty feed counts money in 万元 (ten thousand yuan): exact decimal strings
    // (`fineAmountWan`), and the earlier numeric fields kept for receivers that read those.
    ...(p.fineAmount !== undefined && { fineAmountWan: yuanToWan(p.fineAmount), fineAmountTenThousandYuan: yuanToTenThousandYuan(p.fineAmount) }),
    ...(p.confiscatedAmount !== undefined && {
      confiscatedAmountWan: yuanToWan(p.confiscatedAmount),
      confiscatedAmountTenThousandYuan: yuanToTenThousandYuan(p.confiscatedAmount),
    }),
    ...(p.suspendedCertificate !== undefined && { suspendedCertificate: p.suspendedCertificate }),
    decidedOn: p.decidedOn,
    ...(p.validUntil !== undefined && { validUntil: p.validUntil }),
    severity: p.severity,
    authority: p.authority,
    sourceUnit: p.sourceUnit,
    ...(p.matterCode !== undefined && { matterCode: p.matterCode }),
    ...(p.remarks !== undefined && { remarks: p.remarks }),
    publicity: { from: p.publicity.from, until: p.publicity.maximumUntil },
    // 公示截止期: publicity stops automatically on the maximum.
    publicityDeadline: p.publicity.maximumUntil,
  };
}

function licensePayload(event: EventEnvelope<LicensePublishedV1>): Record<string, unknown> {
  const l = event.data;
  return {
    recordId: l.licenseId,
    decisionNumber: l.decisionNumber,
    subject: recordSubjectOf(event, l.subject),
    licenseName: l.licenseName,
    ...(l.licenseNumber !== undefined && { licenseNumber: l.licenseNumber }),
    licenseType: l.licenseType,
    ...(l.certificateName !== undefined && { certificateName: l.certificateName }),
    content: l.content,
    decidedOn: l.decidedOn,
    validFrom: l.validFrom,
    ...(l.validUntil !== undefined && { validUntil: l.validUntil }),
    ...(l.status !== undefined && { status: l.status }),
    authority: l.authority,
    sourceUnit: l.sourceUnit,
    ...(l.matterCode !== undefined && { matterCode: l.matterCode }),
    ...(l.remarks !== undefined && { remarks: l.remarks }),
  };
}

function objectionOutcomePayload(event: EventEnvelope<ObjectionResolvedV1>): Record<string, unknown> {
  const o = event.data;
  return {
    objectionId: o.objectionId,
    recordId: o.recordId,
    recordType: o.recordType ?? 'PENALTY',
    outcome: o.outcome,
    note: o.note,
    resolvedOn: o.resolvedOn,
    late: o.late,
    ...(o.correctionEventId !== undefined && { correctionEventId: o.correctionEventId }),
    subjectKey: event.subjectKey,
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
 * `"2000.00"` yuan → `"0.2"` 万元, exactly: integer fen (BigInt) divided by 10^6 in decimal, trailing
 * zeros dropped; at most six decimals, no floating point anywhere.
 */
export function yuanToWan(yuan: string): string {
  const match = /^(\d+)\.(\d{2})$/.exec(yuan);
  if (!match) throw new Error(`not a yuan amount with two decimals: ${yuan}`);
  const fen = BigInt(match[1]) * 100n + BigInt(match[2]);
  const whole = fen / 1_000_000n;
  const fraction = (fen % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** The same amount as a JSON number (the shortest decimal that reads back as it: exact for the feed's receivers). */
export function yuanToTenThousandYuan(yuan: string): number {
  return Number(yuanToWan(yuan));
}
