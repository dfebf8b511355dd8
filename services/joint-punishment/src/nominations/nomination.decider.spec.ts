import type { NominationSubmittedV1 } from '@credit/contracts';
import { StateConflictError } from '@credit/platform';
import { NominationNotFound, nominationDecider, SelfReview, type NominationCommand, type NominationEvent } from './nomination.decider';

const given = (events: NominationEvent[]) => events.reduce(nominationDecider.evolve, nominationDecider.initialState());
const MARKET = '11450100007712350A';
const nomination: NominationSubmittedV1 = {
  nominationId: 'n-1',
  subjectCode: '91450100MA5K12347C',
  maskedCode: '91450100MA5K12347C',
  list: 'BLACK',
  category: 'MARKET_SERIOUS_ILLEGAL',
  basis: { recordIds: ['p-1', 'p-1'], documents: [{ name: '列入决定书', number: '南市监列〔2025〕1号' }] },
  decidingUnit: { name: '市市场监督管理局', code: MARKET },
  decidedOn: '2025-03-04',
  submittedBy: { departmentCode: MARKET, user: 'clerk' },
};
const submitted = nominationDecider.decide({ type: 'SubmitNomination', data: nomination }, given([]));
const CREDIT_OFFICE = '11450100007712342F';
const review = (approved: boolean, departmentCode = CREDIT_OFFICE, user = 'reviewer'): NominationCommand => ({
  type: 'ReviewNomination',
  data: { approved, note: 'ok', reviewer: { departmentCode, user }, ...(approved && { listEntryId: 'e-1' }) },
});

describe('nomination (认定发起 → review)', () => {
  it('is submitted pending review, its records listed once each', () => {
    expect(submitted).toEqual([{ type: 'joint-punishment.nomination-submitted', data: { ...nomination, basis: { ...nomination.basis, recordIds: ['p-1'] } } }]);
    expect(given(submitted).status).toBe('PENDING_REVIEW');
  });

  it('is approved once, naming the entry put in force, or rejected with nothing listed', () => {
    const approved = nominationDecider.decide(review(true), given(submitted));
    expect(approved).toEqual([{ type: 'joint-punishment.nomination-reviewed', data: { nominationId: 'n-1', approved: true, note: 'ok', listEntryId: 'e-1' } }]);
    expect(given([...submitted, ...approved]).status).toBe('APPROVED');
    const rejected = nominationDecider.decide(review(false), given(submitted));
    expect(rejected[0].data).toEqual({ nominationId: 'n-1', approved: false, note: 'ok' });
    expect(given([...submitted, ...rejected]).status).toBe('REJECTED');
  });

  it('refuses a second review as a state conflict (409)', () => {
    const reviewed = [...submitted, ...nominationDecider.decide(review(false), given(submitted))];
    expect(() => nominationDecider.decide(review(true), given(reviewed))).toThrow(StateConflictError);
    expect(() => nominationDecider.decide(review(true), given([]))).toThrow(NominationNotFound);
  });

  it('refuses a review by the nominating department (403), by its code whatever the user or display name', () => {
    expect(() => nominationDecider.decide(review(true, MARKET, 'clerk'), given(submitted))).toThrow(SelfReview);
    expect(() => nominationDecider.decide(review(true, MARKET, 'another name'), given(submitted))).toThrow(SelfReview);
    expect(() => nominationDecider.decide(review(false, ` ${MARKET.toLowerCase()}`, 'another name'), given(submitted))).toThrow(SelfReview);
    // The nominating department learns nothing of the state either: refused before the second-review check.
    const reviewed = [...submitted, ...nominationDecider.decide(review(false), given(submitted))];
    expect(() => nominationDecider.decide(review(true, MARKET, 'another name'), given(reviewed))).toThrow(SelfReview);
  });
});
