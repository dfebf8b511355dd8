import { DomainRuleError, StateConflictError } from '@credit/credit-rules';
import { checkEligibility, type EligibilityInput, type ListEntryRecord, type PenaltyRecord, type RepairCommitmentRecord } from './eligibility.rules';

const SUBJECT = '91450100MA5K12347C';
const today = '2026-06-15';
const penalty: PenaltyRecord = { id: 'p-1', subjectKey: SUBJECT, status: 'PUBLISHED', minimumUntil: '2026-03-01', maximumUntil: '2027-03-01' };
const entry: ListEntryRecord = { id: 'e-1', subjectKey: SUBJECT, status: 'IN_FORCE', validUntil: '2028-01-01' };
const commitment: RepairCommitmentRecord = { id: 'c-1', subjectKey: SUBJECT, public: true, signedOn: '2026-06-01', validUntil: null, outcome: null, closure: null };
const base: EligibilityInput = { subjectKey: SUBJECT, target: { type: 'PENALTY', id: 'p-1' }, record: penalty, commitments: [commitment], today };

type Refusal = { status: 409 | 422; rule: string; allowedFrom?: string; detail: string };

/** The refusal as the problem filter answers it: 422 for a rule that may allow it later, 409 for a conflicting state. */
function refusal(input: EligibilityInput): Refusal {
  try {
    checkEligibility(input);
  } catch (error) {
    if (error instanceof DomainRuleError) return { status: 422, rule: error.rule, allowedFrom: error.allowedFrom, detail: error.detail };
    if (error instanceof StateConflictError) return { status: 409, rule: error.rule, detail: error.detail };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('repair eligibility', () => {
  it('admits a published penalty past its minimum period, with a public repair commitment in force', () => {
    expect(checkEligibility(base)).toEqual({ commitmentId: 'c-1' });
    expect(checkEligibility({ ...base, today: '2026-03-01', commitments: [{ ...commitment, signedOn: '2026-02-01' }] })).toEqual({ commitmentId: 'c-1' });
    // The day before maximumUntil is the last day in publicity: still repairable.
    expect(checkEligibility({ ...base, today: '2027-02-28' })).toEqual({ commitmentId: 'c-1' });
    expect(checkEligibility({ ...base, target: { type: 'LIST_ENTRY', id: 'e-1' }, record: entry })).toEqual({ commitmentId: 'c-1' });
    // A kept commitment counts; one closed (expired or withdrawn) is passed over for the next that is in force.
    expect(checkEligibility({ ...base, commitments: [{ ...commitment, outcome: 'FULFILLED' }] })).toEqual({ commitmentId: 'c-1' });
    const closedThenOpen = [{ ...commitment, closure: 'WITHDRAWN' as const }, { ...commitment, id: 'c-2' }];
    expect(checkEligibility({ ...base, commitments: closedThenOpen })).toEqual({ commitmentId: 'c-2' });
  });

  it.each<[string, Partial<EligibilityInput>, 409 | 422, string, string | undefined]>([
    ['an unknown target', { record: null }, 422, 'repair.target-unknown', undefined],
    ['a penalty of another subject', { record: { ...penalty, subjectKey: '91350100M000100Y43' } }, 422, 'repair.target-not-of-subject', undefined],
    ['a penalty withdrawn from publicity', { record: { ...penalty, status: 'WITHDRAWN' } }, 409, 'repair.penalty-not-in-publicity', undefined],
    ['a penalty never published', { record: { ...penalty, status: 'NOT_PUBLISHED' } }, 409, 'repair.penalty-not-in-publicity', undefined],
    ['a penalty past its maximum period', { today: '2027-03-02' }, 409, 'repair.penalty-not-in-publicity', undefined],
    ['a penalty on its maximumUntil (publicity has stopped that day)', { today: '2027-03-01' }, 409, 'repair.penalty-not-in-publicity', undefined],
    ['a penalty within its minimum period', { record: { ...penalty, minimumUntil: '2026-09-01' } }, 422, 'repair.minimum-publicity-period', '2026-09-01'],
    ['no repair commitment', { commitments: [] }, 422, 'repair.commitment-required', undefined],
    ['a commitment that is not public', { commitments: [{ ...commitment, public: false }] }, 422, 'repair.commitment-required', undefined],
    ['an expired commitment', { commitments: [{ ...commitment, validUntil: '2026-06-14' }] }, 422, 'repair.commitment-required', undefined],
    ['a breached commitment', { commitments: [{ ...commitment, outcome: 'BREACHED' }] }, 422, 'repair.commitment-required', undefined],
    ['a withdrawn commitment', { commitments: [{ ...commitment, closure: 'WITHDRAWN' }] }, 422, 'repair.commitment-required', undefined],
    ['a commitment closed as expired', { commitments: [{ ...commitment, closure: 'EXPIRED' }] }, 422, 'repair.commitment-required', undefined],
    ['a fulfilled commitment since withdrawn', { commitments: [{ ...commitment, outcome: 'FULFILLED', closure: 'WITHDRAWN' }] }, 422, 'repair.commitment-required', undefined],
    ['a withdrawn commitment named by id', { commitments: [{ ...commitment, closure: 'WITHDRAWN' }], commitmentId: 'c-1' }, 422, 'repair.commitment-required', undefined],
    ['a commitment of another subject', { commitments: [{ ...commitment, subjectKey: '91350100M000100Y43' }] }, 422, 'repair.commitment-required', undefined],
    ['another commitment than the one named', { commitmentId: 'c-2' }, 422, 'repair.commitment-required', undefined],
    ['an exited list entry', { target: { type: 'LIST_ENTRY', id: 'e-1' }, record: { ...entry, status: 'EXITED' } }, 409, 'repair.list-entry-not-in-force', undefined],
    ['an expired list entry', { target: { type: 'LIST_ENTRY', id: 'e-1' }, record: { ...entry, validUntil: '2026-06-01' } }, 409, 'repair.list-entry-not-in-force', undefined],
  ])('refuses %s', (_what, change, status, rule, allowedFrom) => {
    const refused = refusal({ ...base, ...change });
    expect(refused.status).toBe(status);
    expect(refused.rule).toBe(rule);
    expect(refused.allowedFrom).toBe(allowedFrom);
    if (allowedFrom) expect(refused.detail).toContain(allowedFrom);
  });
});
