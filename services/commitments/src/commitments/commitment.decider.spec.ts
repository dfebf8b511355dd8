import type { CommitmentSignedV2 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import {
  CommitmentNotFound,
  CommitmentRuleViolation,
  commitmentDecider,
  NotTheAcceptingUnit,
  verificationLate,
  verificationOverdue,
  type CommitmentEvent,
  type CommitmentState,
} from './commitment.decider';

const ACCEPTING_UNIT = '11450100007712342F';
const OTHER_UNIT = '91450100MA5K12347C';
const signed = (overrides: Partial<CommitmentSignedV2> = {}): CommitmentSignedV2 => ({
  commitmentId: 'c-1',
  subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C' },
  type: 'CREDIT_REPAIR',
  matter: '信用修复承诺',
  text: '本单位承诺已纠正失信行为并依法履行义务',
  signedOn: '2025-09-01',
  public: true,
  acceptingUnit: { name: '南宁市发展和改革委员会', code: ACCEPTING_UNIT },
  ...overrides,
});
const spec = deciderSpec(commitmentDecider);
const signedEvent = (overrides: Partial<CommitmentSignedV2> = {}): CommitmentEvent => ({ type: 'commitments.commitment-signed', version: 2, data: signed(overrides) });
const acceptingUnit = { departmentCode: ACCEPTING_UNIT, roles: ['submitter'] };
const fulfilment = (outcome: 'FULFILLED' | 'BREACHED' | 'FALSE', decidedOn = '2026-01-10', by = acceptingUnit) => ({
  type: 'RecordFulfilment' as const,
  data: { commitmentId: 'c-1', outcome, note: '经核查', decidedOn },
  by,
});
const closure = (status: 'EXPIRED' | 'WITHDRAWN', decidedOn = '2026-01-10', by = acceptingUnit) => ({
  type: 'CloseCommitment' as const,
  data: { commitmentId: 'c-1', status, reason: '承诺期满', decidedOn },
  by,
});
const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};
const stateAfter = (events: CommitmentEvent[]): CommitmentState => events.reduce(commitmentDecider.evolve, commitmentDecider.initialState());

describe('commitment decider', () => {
  it('signs a public credit-repair commitment (as version 2 of the signature)', () => {
    spec.given([]).when({ type: 'SignCommitment', data: signed() }).then([signedEvent()]);
  });

  it('refuses a credit-repair commitment that is not public (domain.md §4)', () => {
    const decide = () => spec.given([]).when({ type: 'SignCommitment', data: signed({ public: false }) }).events();
    expect(decide).toThrow(CommitmentRuleViolation);
    expect(decide).toThrow(/must be public/);
  });

  it('accepts a non-public commitment of another type', () => {
    expect(spec.given([]).when({ type: 'SignCommitment', data: signed({ type: 'DEFICIENCY_TOLERANCE', public: false }) }).events()).toHaveLength(1);
  });

  describe('lifecycle: IN_FORCE → VERIFIED_FULFILLED | BREACHED | FALSE | EXPIRED | WITHDRAWN', () => {
    it.each([
      ['FULFILLED', 'VERIFIED_FULFILLED'],
      ['BREACHED', 'BREACHED'],
      ['FALSE', 'FALSE'],
    ] as const)('a finding %s by the accepting unit ends the commitment %s', (outcome, status) => {
      const events = spec.given([signedEvent()]).when(fulfilment(outcome)).events();
      expect(events).toEqual([{ type: 'commitments.commitment-fulfilment-recorded', data: fulfilment(outcome).data }]);
      expect(stateAfter([signedEvent(), ...events])).toMatchObject({ status: 'DECIDED', ended: status, how: 'fulfilment', decidedOn: '2026-01-10' });
    });

    it('withdrawal by the accepting unit ends it WITHDRAWN', () => {
      const events = spec.given([signedEvent()]).when(closure('WITHDRAWN')).events();
      expect(events).toEqual([{ type: 'commitments.commitment-closed', data: closure('WITHDRAWN').data }]);
      expect(stateAfter([signedEvent(), ...events])).toMatchObject({ status: 'DECIDED', ended: 'WITHDRAWN', how: 'closure' });
    });

    it('expiry once the term has run out ends it EXPIRED', () => {
      const events = spec.given([signedEvent({ validUntil: '2025-12-31' })]).when(closure('EXPIRED', '2026-01-01')).events();
      expect(stateAfter([signedEvent({ validUntil: '2025-12-31' }), ...events])).toMatchObject({ status: 'DECIDED', ended: 'EXPIRED' });
    });

    it('an administrator decides for any accepting unit', () => {
      expect(spec.given([signedEvent()]).when(fulfilment('BREACHED', '2026-01-10', { departmentCode: OTHER_UNIT, roles: ['admin'] })).events()).toHaveLength(1);
    });
  });

  describe('refusals', () => {
    it('another unit may not decide (→ 403), whatever its role', () => {
      const other = { departmentCode: OTHER_UNIT, roles: ['submitter', 'reviewer'] };
      expect(refusal(() => spec.given([signedEvent()]).when(fulfilment('BREACHED', '2026-01-10', other)).events())).toBeInstanceOf(NotTheAcceptingUnit);
      expect(refusal(() => spec.given([signedEvent()]).when(closure('WITHDRAWN', '2026-01-10', other)).events())).toBeInstanceOf(NotTheAcceptingUnit);
    });

    it('a finding is recorded once; a second one is refused with the rule (→ 409)', () => {
      const first = spec.given([signedEvent()]).when(fulfilment('BREACHED')).events();
      const error = refusal(() => spec.given([signedEvent(), ...first]).when(fulfilment('FULFILLED')).events());
      expect(error).toBeInstanceOf(CommitmentRuleViolation);
      expect((error as CommitmentRuleViolation).rule).toBe('fulfilment-recorded-once');
    });

    it('an ended commitment is decided once: no closure after a finding, no finding after a withdrawal (→ 409)', () => {
      const breached = spec.given([signedEvent()]).when(fulfilment('BREACHED')).events();
      expect((refusal(() => spec.given([signedEvent(), ...breached]).when(closure('WITHDRAWN')).events()) as CommitmentRuleViolation).rule).toBe('commitment-decided-once');
      const withdrawn = spec.given([signedEvent()]).when(closure('WITHDRAWN')).events();
      const error = refusal(() => spec.given([signedEvent(), ...withdrawn]).when(fulfilment('FULFILLED')).events()) as CommitmentRuleViolation;
      expect(error.rule).toBe('commitment-decided-once');
      expect(error.message).toMatch(/already ended as WITHDRAWN on 2026-01-10/);
    });

    it('refuses expiry before the term has run out, saying from when (→ 422), and for a commitment without a term', () => {
      const early = refusal(() => spec.given([signedEvent({ validUntil: '2025-12-31' })]).when(closure('EXPIRED', '2025-12-31')).events()) as CommitmentRuleViolation;
      expect(early).toMatchObject({ rule: 'commitment-expires-after-term', allowedFrom: '2026-01-01' });
      expect(early.message).toMatch(/expires from 2026-01-01/);
      const noTerm = refusal(() => spec.given([signedEvent()]).when(closure('EXPIRED')).events()) as CommitmentRuleViolation;
      expect(noTerm.rule).toBe('commitment-expires-after-term');
    });

    it('refuses a finding dated before the signature, and a finding on an unknown commitment', () => {
      expect(() => spec.given([signedEvent()]).when(fulfilment('FULFILLED', '2025-08-31')).events()).toThrow(/before the signature/);
      spec.given([]).when(fulfilment('FULFILLED')).thenThrows(CommitmentNotFound);
      spec.given([]).when(closure('WITHDRAWN')).thenThrows(CommitmentNotFound);
    });
  });

  describe('verification due by the matter', () => {
    const underMatter = signedEvent({
      type: 'APPROVAL_REPLACEMENT',
      matterRef: { departmentCode: ACCEPTING_UNIT, code: 'M-1', version: 1 },
      verification: { workingDays: 20, evidenceRequired: ['现场核查记录'], dueOn: '2025-09-29', provisional: false, calendar: [{ year: 2025, version: 1, provisional: false }] },
      consequenceOnBreach: 'LIST_NOMINATION',
    });

    it('is overdue while in force after its day, not before, and not once decided', () => {
      expect(verificationOverdue(stateAfter([underMatter]), '2025-09-29')).toBe(false);
      expect(verificationOverdue(stateAfter([underMatter]), '2025-09-30')).toBe(true);
      const decided = spec.given([underMatter]).when(fulfilment('FULFILLED', '2025-10-10')).events();
      expect(verificationOverdue(stateAfter([underMatter, ...decided]), '2025-10-10')).toBe(false);
    });

    it('a 容缺受理 commitment whose papers were not supplied by its day is breached by the scan; not before, not once decided, not another type', () => {
      const deficiency = signedEvent({ ...(underMatter.data as CommitmentSignedV2), type: 'DEFICIENCY_TOLERANCE' });
      const scan = (today: string) => ({ type: 'BreachLapsedDeficiency' as const, data: { commitmentId: 'c-1', today } });
      expect(spec.given([deficiency]).when(scan('2025-09-30')).events()).toEqual([
        {
          type: 'commitments.commitment-fulfilment-recorded',
          data: { commitmentId: 'c-1', outcome: 'BREACHED', note: expect.stringContaining('2025-09-29'), decidedOn: '2025-09-30' },
        },
      ]);
      spec.given([deficiency]).when(scan('2025-09-29')).then([]);
      const supplied = spec.given([deficiency]).when(fulfilment('FULFILLED', '2025-09-20')).events();
      spec.given([deficiency, ...supplied]).when(scan('2025-10-30')).then([]);
      spec.given([underMatter]).when(scan('2025-10-30')).then([]);
      spec.given([signedEvent({ type: 'DEFICIENCY_TOLERANCE' })]).when(scan('2099-01-01')).then([]);
    });

    it('flags a finding recorded after its day as late; one on the day is on time; a commitment without a matter is never late', () => {
      expect(verificationLate('2025-09-29', '2025-09-30')).toBe(true);
      expect(verificationLate('2025-09-29', '2025-09-29')).toBe(false);
      expect(verificationLate(undefined, '2099-01-01')).toBe(false);
      expect(verificationOverdue(stateAfter([signedEvent()]), '2099-01-01')).toBe(false);
    });
  });
});
