/**
 * What every flow shares: the shape of a planned call, the subject block of the national feeds and
 * the 万元 conversion. A province's adapter replaces the flows, not these building blocks' callers
 * (the ledger, the worker, the consumer).
 */
import { USCC_SHAPE, type DeliveryTarget, type EventEnvelope, type PenaltySubject } from '@credit/contracts';

/** One call to make upstream for a source event. */
export interface PlannedDelivery {
  target: DeliveryTarget;
  /** Path under NATIONAL_PLATFORM_URL; the target goes in `?target=`. */
  endpoint: string;
  payload: Record<string, unknown>;
}

/**
 * One upstream flow: the source event types it maps and its plan. `plan` is pure: the same event
 * always gives the same deliveries, so a redelivered event maps onto the same ledger rows.
 */
export interface UpstreamFlow {
  readonly eventTypes: readonly string[];
  readonly plan: (event: EventEnvelope) => PlannedDelivery[];
}

/**
 * The subject as the national feed identifies it. Events carry a natural person's ID number only
 * masked (architecture.md, Personal data), so the masked number and the subject key are sent.
 * Releasing the clear number through subject-registry's vault (with its audit record) for the
 * national feed is a later step; it belongs here, in the adapter, when it comes.
 */
export function subjectOf(event: EventEnvelope, subject: { kind?: string; code: string | null; maskedCode: string; name?: string }): Record<string, unknown> {
  return {
    ...(subject.kind !== undefined && { kind: subject.kind }),
    ...(subject.name !== undefined && { name: subject.name }),
    code: subject.code,
    maskedCode: subject.maskedCode,
    ...(subject.code === null && { subjectKey: event.subjectKey }),
  };
}

const USCC = new RegExp(USCC_SHAPE);

/**
 * The subject of an event that names it by one code only: the USCC as is, or a natural person's
 * masked number (which is never a USCC, so it goes as `maskedCode` with the subject key).
 */
export function subjectOfCode(event: EventEnvelope, codeOrMasked: string): Record<string, unknown> {
  return subjectOf(event, { code: USCC.test(codeOrMasked) ? codeOrMasked : null, maskedCode: codeOrMasked });
}

/**
 * The subject of an event that does not carry one in its data (exits, withdrawals, findings,
 * grades): the envelope's subject key, which is the USCC of an organisation and a keyed HMAC for a
 * natural person, so no ID number travels. Upstream already holds the subject from the record the
 * event follows up (list entry, penalty, commitment).
 */
export function keyedSubjectOf(event: EventEnvelope): Record<string, unknown> {
  return { subjectKey: event.subjectKey };
}

/**
 * The subject block of the 双公示 feed: legacy codes and the legal representative's document as the
 * event carries them (document numbers only masked).
 */
export function recordSubjectOf(event: EventEnvelope, subject: PenaltySubject): Record<string, unknown> {
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

/** How a record was corrected, as the corrected-record feeds carry it next to the whole record. */
export function correctionOf(data: { reason: string; changes: { field: string }[]; objectionId?: string }): Record<string, unknown> {
  return { reason: data.reason, changedFields: data.changes.map((c) => c.field), ...(data.objectionId && { objectionId: data.objectionId }) };
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
