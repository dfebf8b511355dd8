/**
 * An authorization (授权) a subject gives a financial institution: one stream per authorization,
 * `authorization-<id>`, holding the grant, its revocation, every query answered under it and the
 * loan outcomes reported on it. Pure: no Nest, no I/O. Whether a query may be answered is decided
 * here, from the authorization's own history, so a revoked or expired authorization can never be
 * used, whatever the read model says.
 */
import type {
  CreditLoanShareV1,
  AuthorizationGrantedV1,
  AuthorizationRevokedV1,
  CreditInformationSharedV1,
  FinancingOutcomeReportedV1,
  SharingPurpose,
  SupportingCategory,
} from '@credit/contracts';
import { sameUnit } from '@credit/credit-rules';
import type { Decider } from '@credit/event-store';

export type AuthorizationEvent =
  | { type: 'credit-sharing.authorization-granted'; data: AuthorizationGrantedV1 }
  | { type: 'credit-sharing.authorization-revoked'; data: AuthorizationRevokedV1 }
  | { type: 'credit-sharing.credit-information-shared'; data: CreditInformationSharedV1 }
  | { type: 'credit-sharing.financing-outcome-reported'; data: FinancingOutcomeReportedV1 }
  | { type: 'credit-sharing.credit-loan-share'; data: CreditLoanShareV1 };

export type AuthorizationCommand =
  | { type: 'Grant'; data: AuthorizationGrantedV1 }
  /** `bySubjectKey`: the subject the caller proved to be (its own token, or a real-name channel's verified person). */
  | { type: 'Revoke'; data: AuthorizationRevokedV1; bySubjectKey: string }
  | { type: 'Share'; data: CreditInformationSharedV1; today: string }
  | { type: 'ReportOutcome'; data: FinancingOutcomeReportedV1 }
  /**
   * The subject's supporting records for the 信易贷 platforms: shared only under an authorization
   * in force that asked for it (deliverToLoanPlatforms), only the categories in its scope; otherwise nothing.
   */
  | { type: 'ShareWithLoanPlatforms'; data: CreditLoanShareV1; today: string };

export interface AuthorizationTerms {
  subjectKey: string;
  institutionCode: string;
  purpose: SharingPurpose;
  categories: SupportingCategory[];
  validFrom: string;
  validUntil: string;
  deliverToLoanPlatforms: boolean;
}

export type AuthorizationState =
  | { status: 'UNKNOWN' }
  | ({ status: 'GRANTED'; queries: number } & AuthorizationTerms)
  | ({ status: 'REVOKED'; revokedOn: string; queries: number } & AuthorizationTerms);

/** Why a query under an authorization is refused: each one answers 403, naming the reason. */
export type QueryRefusal = 'unknown' | 'other-institution' | 'other-purpose' | 'revoked' | 'not-yet-valid' | 'expired';

/**
 * Whether `institutionCode` may read the subject under this authorization on `today` for `purpose`:
 * null when it may, else why not. The one rule the query, the read model's listing and the tests use.
 */
export function queryRefusal(state: AuthorizationState, institutionCode: string, purpose: SharingPurpose, today: string): QueryRefusal | null {
  if (state.status === 'UNKNOWN') return 'unknown';
  if (!sameUnit(institutionCode, state.institutionCode)) return 'other-institution';
  if (state.purpose !== purpose) return 'other-purpose';
  if (state.status === 'REVOKED') return 'revoked';
  if (today < state.validFrom) return 'not-yet-valid';
  if (today > state.validUntil) return 'expired';
  return null;
}

export const QUERY_REFUSAL_MESSAGES: Readonly<Record<QueryRefusal, string>> = {
  unknown: 'no such authorization',
  'other-institution': 'the authorization was given to another institution',
  'other-purpose': 'the authorization was given for another purpose',
  revoked: 'the subject revoked the authorization',
  'not-yet-valid': 'the authorization is not in force yet',
  expired: 'the authorization has expired',
};

export class NoAuthorization extends Error {
  constructor(readonly reason: QueryRefusal) {
    super(QUERY_REFUSAL_MESSAGES[reason]);
  }
}
export class AuthorizationNotFound extends Error {
  constructor() {
    super('no authorization with this id');
  }
}
/** Only the subject that gave an authorization revokes it (→ 403). */
export class NotTheSubject extends Error {
  constructor() {
    super('only the subject that gave the authorization revokes it');
  }
}
/** A rule of the authorization's state: 409 for the decided-once ones, 422 otherwise. */
export class AuthorizationRuleViolation extends Error {
  constructor(
    readonly rule: 'authorization-granted-once' | 'revoked-once' | 'outcome-after-query' | 'outcome-within-authorization',
    message: string,
  ) {
    super(message);
  }
}
export const CONFLICT_RULES: readonly AuthorizationRuleViolation['rule'][] = ['authorization-granted-once', 'revoked-once'];

export const authorizationStream = (id: string): string => `authorization-${id}`;

export const authorizationDecider: Decider<AuthorizationCommand, AuthorizationEvent, AuthorizationState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    switch (command.type) {
      case 'Grant':
        if (state.status !== 'UNKNOWN') throw new AuthorizationRuleViolation('authorization-granted-once', 'the authorization is already granted');
        return [{ type: 'credit-sharing.authorization-granted', data: command.data }];
      case 'Revoke':
        if (state.status === 'UNKNOWN') throw new AuthorizationNotFound();
        if (state.subjectKey !== command.bySubjectKey) throw new NotTheSubject();
        if (state.status === 'REVOKED') throw new AuthorizationRuleViolation('revoked-once', `the authorization was already revoked on ${state.revokedOn}`);
        return [{ type: 'credit-sharing.authorization-revoked', data: command.data }];
      case 'Share': {
        const refusal = queryRefusal(state, command.data.institutionCode, command.data.purpose, command.today);
        if (refusal !== null) throw new NoAuthorization(refusal);
        return [{ type: 'credit-sharing.credit-information-shared', data: command.data }];
      }
      case 'ReportOutcome': {
        if (state.status === 'UNKNOWN') throw new AuthorizationNotFound();
        if (!sameUnit(command.data.institutionCode, state.institutionCode)) throw new NoAuthorization('other-institution');
        // An outcome is the loan decision taken on information read under the authorization.
        if (state.queries === 0) throw new AuthorizationRuleViolation('outcome-after-query', 'no query was made under this authorization yet: report the outcome after reading the subject');
        if (command.data.decidedOn < state.validFrom) {
          throw new AuthorizationRuleViolation('outcome-within-authorization', `decidedOn ${command.data.decidedOn} is before the authorization (from ${state.validFrom})`);
        }
        return [{ type: 'credit-sharing.financing-outcome-reported', data: command.data }];
      }
      case 'ShareWithLoanPlatforms': {
        if (state.status !== 'GRANTED' || !state.deliverToLoanPlatforms || command.today < state.validFrom || command.today > state.validUntil) return [];
        const records = command.data.records.filter((r) => state.categories.includes(r.category));
        return [{ type: 'credit-sharing.credit-loan-share', data: { ...command.data, categories: [...state.categories], validUntil: state.validUntil, records } }];
      }
    }
  },

  // The subject is named by the stored event's subject key (the envelope's): a natural person's data carries only the masked number.
  evolve(state, event: AuthorizationEvent & { subjectKey?: string | null }) {
    switch (event.type) {
      case 'credit-sharing.authorization-granted': {
        const g = event.data;
        return {
          status: 'GRANTED',
          queries: 0,
          subjectKey: event.subjectKey ?? '',
          institutionCode: g.institution.code,
          purpose: g.purpose,
          categories: [...g.categories],
          validFrom: g.validFrom,
          validUntil: g.validUntil,
          deliverToLoanPlatforms: g.deliverToLoanPlatforms,
        };
      }
      case 'credit-sharing.authorization-revoked':
        return state.status === 'UNKNOWN' ? state : { ...state, status: 'REVOKED', revokedOn: event.data.revokedOn };
      case 'credit-sharing.credit-information-shared':
        return state.status === 'UNKNOWN' ? state : { ...state, queries: state.queries + 1 };
      default:
        return state;
    }
  },
};
