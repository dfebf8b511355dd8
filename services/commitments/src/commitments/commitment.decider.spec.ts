import type { CommitmentSignedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { CommitmentNotFound, CommitmentRuleViolation, commitmentDecider, type CommitmentEvent } from './commitment.decider';

const signed = (overrides: Partial<CommitmentSignedV1> = {}): CommitmentSignedV1 => ({
  commitmentId: 'c-1',
  subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C' },
  type: 'CREDIT_REPAIR',
  matter: '信用修复承诺',
  text: '本单位承诺已纠正失信行为并依法履行义务',
  signedOn: '2025-09-01',
  public: true,
  acceptingUnit: { name: '南宁市发展和改革委员会', code: '11450100007712342F' },
  ...overrides,
});
const spec = deciderSpec(commitmentDecider);
const signedEvent = (overrides: Partial<CommitmentSignedV1> = {}): CommitmentEvent => ({ type: 'commitments.commitment-signed', data: signed(overrides) });
const fulfilment = (outcome: 'FULFILLED' | 'BREACHED' | 'FALSE', decidedOn = '2026-01-10') => ({
  type: 'RecordFulfilment' as const,
  data: { commitmentId: 'c-1', outcome, note: '经核查', decidedOn },
});

describe('commitment decider', () => {
  it('signs a public credit-repair commitment', () => {
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

  it('records a fulfilment once; a second finding is refused with the rule', () => {
    const first = spec.given([signedEvent()]).when(fulfilment('BREACHED')).events();
    expect(first).toEqual([{ type: 'commitments.commitment-fulfilment-recorded', data: fulfilment('BREACHED').data }]);
    let error: unknown;
    try {
      spec.given([signedEvent(), ...first]).when(fulfilment('FULFILLED')).events();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommitmentRuleViolation);
    expect((error as CommitmentRuleViolation).rule).toBe('fulfilment-recorded-once');
  });

  it('refuses a finding dated before the signature, and a finding on an unknown commitment', () => {
    expect(() => spec.given([signedEvent()]).when(fulfilment('FULFILLED', '2025-08-31')).events()).toThrow(/before the signature/);
    spec.given([]).when(fulfilment('FULFILLED')).thenThrows(CommitmentNotFound);
  });
});
