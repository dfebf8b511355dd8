import type { NominationSubmittedV1 } from '@credit/contracts';
import { StateConflictError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { NominationNotFound, nominationDecider, SelfReview, type NominationCommand } from './nomination.decider';

const spec = deciderSpec(nominationDecider);
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
const submitted = spec.given([]).when({ type: 'SubmitNomination', data: nomination }).events();
const CREDIT_OFFICE = '11450100007712342F';
const review = (approved: boolean, departmentCode = CREDIT_OFFICE, user = 'reviewer'): NominationCommand => ({
  type: 'ReviewNomination',
  data: { approved, note: 'ok', reviewer: { departmentCode, user }, ...(approved && { listEntryId: 'e-1' }) },
});

describe('nomination (认定发起 → review)', () => {
  it('is submitted pending review, its records listed once each', () => {
    expect(submitted).toEqual([{ type: 'joint-punishment.nomination-submitted', data: { ...nomination, basis: { ...nomination.basis, recordIds: ['p-1'] } } }]);
    expect(spec.given(submitted).state.status).toBe('PENDING_REVIEW');
  });

  it('is approved once, naming the entry put in force, or rejected with nothing listed', () => {
    const approved = spec.given(submitted).when(review(true)).events();
    expect(approved).toEqual([{ type: 'joint-punishment.nomination-reviewed', data: { nominationId: 'n-1', approved: true, note: 'ok', listEntryId: 'e-1' } }]);
    expect(spec.given([...submitted, ...approved]).state.status).toBe('APPROVED');
    const rejected = spec.given(submitted).when(review(false)).events();
    expect(rejected[0].data).toEqual({ nominationId: 'n-1', approved: false, note: 'ok' });
    expect(spec.given([...submitted, ...rejected]).state.status).toBe('REJECTED');
  });

  it('refuses a second review as a state conflict (409)', () => {
    const reviewed = [...submitted, ...spec.given(submitted).when(review(false)).events()];
    spec.given(reviewed).when(review(true)).thenThrows(StateConflictError);
    spec.given([]).when(review(true)).thenThrows(NominationNotFound);
  });

  it('refuses a review by the nominating department (403), by its code whatever the user or display name', () => {
    spec.given(submitted).when(review(true, MARKET, 'clerk')).thenThrows(SelfReview);
    spec.given(submitted).when(review(true, MARKET, 'another name')).thenThrows(SelfReview);
    spec.given(submitted).when(review(false, ` ${MARKET.toLowerCase()}`, 'another name')).thenThrows(SelfReview);
    // The nominating department learns nothing of the state either: refused before the second-review check.
    const reviewed = [...submitted, ...spec.given(submitted).when(review(false)).events()];
    spec.given(reviewed).when(review(true, MARKET, 'another name')).thenThrows(SelfReview);
  });
});
