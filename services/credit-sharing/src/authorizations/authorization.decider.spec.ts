import type { AuthorizationGrantedV1, CreditInformationSharedV1, FinancingOutcomeReportedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { authorizationDecider, AuthorizationNotFound, AuthorizationRuleViolation, NoAuthorization, NotTheSubject, queryRefusal, type AuthorizationEvent } from './authorization.decider';

const BANK = '91450100MA5K11110Y';
const OTHER_BANK = '91450100MA5K22220Y';
const granted = (over: Partial<AuthorizationGrantedV1> = {}): AuthorizationEvent & { subjectKey: string } => ({
  type: 'credit-sharing.authorization-granted',
  subjectKey: 'subject-key-1',
  data: {
    authorizationId: 'a-1',
    subject: { kind: 'LEGAL_PERSON', code: '91450100MA5L00000X', maskedCode: '91450100MA5L00000X' },
    institution: { name: '某银行南宁分行', code: BANK },
    purpose: 'FINANCING',
    categories: ['TAX'],
    validFrom: '2026-12-01',
    validUntil: '2026-12-31',
    deliverToLoanPlatforms: false,
    grantedThrough: { channel: 'SUBJECT_TOKEN', unitCode: '91450100MA5L00000X' },
    ...over,
  },
});
const share = (over: Partial<CreditInformationSharedV1> = {}): CreditInformationSharedV1 => ({
  queryId: 'q-1',
  authorizationId: 'a-1',
  institutionCode: BANK,
  purpose: 'FINANCING',
  returned: ['PUBLIC', 'TAX'],
  recordIds: [],
  queriedAt: '2026-12-07T02:00:00.000Z',
  ...over,
});
const revoked: AuthorizationEvent = { type: 'credit-sharing.authorization-revoked', data: { authorizationId: 'a-1', reason: '不再授权', revokedOn: '2026-12-10' } };
const outcome = (over: Partial<FinancingOutcomeReportedV1> = {}): FinancingOutcomeReportedV1 => ({
  outcomeId: 'o-1',
  authorizationId: 'a-1',
  institutionCode: BANK,
  outcome: 'GRANTED',
  loanKind: 'CREDIT',
  amount: 500000,
  decidedOn: '2026-12-08',
  ...over,
});

describe('authorization decider', () => {
  const spec = deciderSpec(authorizationDecider);

  it('answers the institution it was given to, for its purpose, from validFrom to validUntil inclusive', () => {
    for (const today of ['2026-12-01', '2026-12-15', '2026-12-31']) {
      spec.given([granted()]).when({ type: 'Share', data: share(), today }).then([{ type: 'credit-sharing.credit-information-shared', data: share() }]);
    }
  });

  it('refuses before its validity, after its expiry, to another institution, for another purpose, and once revoked', () => {
    spec.given([granted()]).when({ type: 'Share', data: share(), today: '2026-11-30' }).thenThrows(NoAuthorization, /not in force yet/);
    spec.given([granted()]).when({ type: 'Share', data: share(), today: '2027-01-01' }).thenThrows(NoAuthorization, /expired/);
    spec.given([granted()]).when({ type: 'Share', data: share({ institutionCode: OTHER_BANK }), today: '2026-12-07' }).thenThrows(NoAuthorization, /another institution/);
    spec.given([granted()]).when({ type: 'Share', data: share({ purpose: 'LEASING' }), today: '2026-12-07' }).thenThrows(NoAuthorization, /another purpose/);
    spec.given([granted(), revoked]).when({ type: 'Share', data: share(), today: '2026-12-11' }).thenThrows(NoAuthorization, /revoked/);
    spec.given([]).when({ type: 'Share', data: share(), today: '2026-12-07' }).thenThrows(NoAuthorization, /no such authorization/);
  });

  it('is revoked by its subject only, once', () => {
    spec.given([granted()]).when({ type: 'Revoke', data: revoked.data as never, bySubjectKey: 'subject-key-1' }).then([revoked]);
    spec.given([granted()]).when({ type: 'Revoke', data: revoked.data as never, bySubjectKey: 'someone-else' }).thenThrows(NotTheSubject);
    spec.given([granted(), revoked]).when({ type: 'Revoke', data: revoked.data as never, bySubjectKey: 'subject-key-1' }).thenThrows(AuthorizationRuleViolation, 'revoked-once');
    spec.given([]).when({ type: 'Revoke', data: revoked.data as never, bySubjectKey: 'subject-key-1' }).thenThrows(AuthorizationNotFound);
  });

  it('is granted once', () => {
    spec.given([granted()]).when({ type: 'Grant', data: granted().data as AuthorizationGrantedV1 }).thenThrows(AuthorizationRuleViolation, 'authorization-granted-once');
  });

  it('takes a loan outcome from its institution after a query, also after a revocation', () => {
    const read: AuthorizationEvent = { type: 'credit-sharing.credit-information-shared', data: share() };
    spec.given([granted()]).when({ type: 'ReportOutcome', data: outcome() }).thenThrows(AuthorizationRuleViolation, 'outcome-after-query');
    spec.given([granted(), read]).when({ type: 'ReportOutcome', data: outcome({ institutionCode: OTHER_BANK }) }).thenThrows(NoAuthorization, /another institution/);
    spec.given([granted(), read]).when({ type: 'ReportOutcome', data: outcome({ decidedOn: '2026-11-30' }) }).thenThrows(AuthorizationRuleViolation, 'outcome-within-authorization');
    spec.given([granted(), read, revoked]).when({ type: 'ReportOutcome', data: outcome() }).then([{ type: 'credit-sharing.financing-outcome-reported', data: outcome() }]);
  });

  it('names why a query is refused: the rule the read model status also uses', () => {
    const state = spec.given([granted()]).state;
    expect(queryRefusal(state, BANK, 'FINANCING', '2026-12-07')).toBeNull();
    expect(queryRefusal(state, BANK.toLowerCase(), 'FINANCING', '2026-12-07')).toBeNull();
    expect(queryRefusal(state, BANK, 'FINANCING', '2027-01-01')).toBe('expired');
  });

  it('shares with the 信易贷 platforms only under an authorization in force that asked for it, only the categories in scope', () => {
    const record = (recordId: string, category: 'TAX' | 'UTILITIES') => ({ recordId, category, status: 'PAID' as const, recordedOn: '2026-11-05', sourceUnitCode: '11450100007712342F' });
    const data = { shareId: 's-1', authorizationId: 'a-1', subject: granted().data.subject as never, categories: [], validUntil: '', records: [record('r-1', 'TAX'), record('r-2', 'UTILITIES')] };
    const asked = granted({ deliverToLoanPlatforms: true });
    spec.given([asked]).when({ type: 'ShareWithLoanPlatforms', data, today: '2026-12-07' }).then([
      { type: 'credit-sharing.credit-loan-share', data: { ...data, categories: ['TAX'], validUntil: '2026-12-31', records: [record('r-1', 'TAX')] } },
    ]);
    spec.given([granted()]).when({ type: 'ShareWithLoanPlatforms', data, today: '2026-12-07' }).then([]);
    spec.given([asked]).when({ type: 'ShareWithLoanPlatforms', data, today: '2027-01-01' }).then([]);
    spec.given([asked, revoked]).when({ type: 'ShareWithLoanPlatforms', data, today: '2026-12-11' }).then([]);
  });
});
