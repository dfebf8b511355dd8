/**
 * Credit commitments (信用承诺, domain.md §6) → 信用中国.
 *
 * What goes up, and why:
 *   - commitment-signed (v1, v2) of a PUBLIC commitment (公开承诺; CREDIT_REPAIR ones always are) → `/commitments`.
 *     A non-public commitment stays local.
 *   - commitment-fulfilment-recorded with outcome BREACHED (违诺) or FALSE (虚假承诺) → `/commitments/outcomes`,
 *     public or not: a breach is dishonesty information (失信信息), reported like the records it weighs with
 *     (the breach of a 证明事项告知承诺 above all).
 *   - FULFILLED findings and commitment-closed (EXPIRED, WITHDRAWN) stay local: neither event says whether the
 *     commitment was public, and sending them for a non-public one would disclose it. A public commitment's
 *     `validUntil` went up with it, so upstream ends its display on expiry by itself.
 *
 * Field mapping (commitment-signed data → national `/commitments`):
 *   commitmentId, type, matter, text, signedOn, validUntil, acceptingUnit → same names
 *   subject (kind, code, maskedCode) → subject, with the envelope subjectKey for a natural person
 *   (v2) matterRef → matterRef · consequenceOnBreach → consequenceOnBreach (the verification schedule is internal)
 * Field mapping (commitment-fulfilment-recorded data → national `/commitments/outcomes`):
 *   commitmentId, outcome, note, decidedOn → same names · envelope subjectKey → subject.subjectKey
 *   (the evidence a finding cites, when the event carries it, names the unit's own files: it stays local)
 */
import {
  commitmentFulfilmentRecordedV1,
  commitmentSignedV2,
  type CommitmentFulfilmentRecordedV1,
  type CommitmentSignedV2,
  type EventEnvelope,
  type FulfilmentOutcome,
} from '@credit/contracts';
import { keyedSubjectOf, subjectOf, type PlannedDelivery } from './shared';

export const COMMITMENTS_ENDPOINT = '/commitments';
export const OUTCOMES_ENDPOINT = '/commitments/outcomes';
/** Findings that go up whether or not the commitment was public. */
export const REPORTED_OUTCOMES: readonly FulfilmentOutcome[] = ['BREACHED', 'FALSE'];
export const eventTypes = [commitmentSignedV2.type, commitmentFulfilmentRecordedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type === commitmentSignedV2.type) return planSigned(event as EventEnvelope<CommitmentSignedV2>);
  if (event.type === commitmentFulfilmentRecordedV1.type) return planFinding(event as EventEnvelope<CommitmentFulfilmentRecordedV1>);
  return [];
}

/** v1 is v2 without the optional matter fields: one mapping reads both. */
function planSigned(event: EventEnvelope<CommitmentSignedV2>): PlannedDelivery[] {
  const c = event.data;
  if (!c.public) return [];
  const payload = {
    commitmentId: c.commitmentId,
    subject: subjectOf(event, c.subject),
    type: c.type,
    matter: c.matter,
    text: c.text,
    signedOn: c.signedOn,
    ...(c.validUntil !== undefined && { validUntil: c.validUntil }),
    acceptingUnit: c.acceptingUnit,
    ...(c.matterRef !== undefined && { matterRef: c.matterRef }),
    ...(c.consequenceOnBreach !== undefined && { consequenceOnBreach: c.consequenceOnBreach }),
  };
  return [{ target: 'credit-china', endpoint: COMMITMENTS_ENDPOINT, payload }];
}

function planFinding(event: EventEnvelope<CommitmentFulfilmentRecordedV1>): PlannedDelivery[] {
  const f = event.data;
  if (!REPORTED_OUTCOMES.includes(f.outcome)) return [];
  const payload = { commitmentId: f.commitmentId, outcome: f.outcome, note: f.note, decidedOn: f.decidedOn, subject: keyedSubjectOf(event) };
  return [{ target: 'credit-china', endpoint: OUTCOMES_ENDPOINT, payload }];
}
