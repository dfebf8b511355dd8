import type { AuthorizationGrantedV1, AuthorizationRevokedV1, CreditInformationSharedV1, FinancingOutcomeReportedV1 } from '@credit/contracts';
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';

/** Read models of authorizations, the queries answered under them and the loan outcomes; in the append transaction. */
export async function projectAuthorizationEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    switch (stored.type) {
      case 'credit-sharing.authorization-granted': {
        const g = stored.data as AuthorizationGrantedV1;
        await manager.query(
          `INSERT INTO authorizations (id, subject_key, subject_kind, masked_code, institution_name, institution_code, purpose, categories, valid_from,
                                       valid_until, deliver_to_loan_platforms, channel, channel_unit_code, granted_at, stream_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15)`,
          [
            g.authorizationId,
            stored.subjectKey,
            g.subject.kind,
            g.subject.maskedCode,
            g.institution.name,
            g.institution.code,
            g.purpose,
            JSON.stringify(g.categories),
            g.validFrom,
            g.validUntil,
            g.deliverToLoanPlatforms,
            g.grantedThrough.channel,
            g.grantedThrough.unitCode,
            stored.recordedAt,
            stored.streamVersion,
          ],
        );
        break;
      }
      case 'credit-sharing.authorization-revoked': {
        const r = stored.data as AuthorizationRevokedV1;
        await manager.query(`UPDATE authorizations SET revoked_on = $2, revocation_reason = $3, stream_version = $4 WHERE id = $1`, [r.authorizationId, r.revokedOn, r.reason, stored.streamVersion]);
        break;
      }
      case 'credit-sharing.credit-information-shared': {
        const q = stored.data as CreditInformationSharedV1;
        await manager.query(
          `INSERT INTO shared_queries (id, authorization_id, subject_key, institution_code, purpose, returned, record_ids, queried_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
          [q.queryId, q.authorizationId, stored.subjectKey, q.institutionCode, q.purpose, JSON.stringify(q.returned), JSON.stringify(q.recordIds), q.queriedAt],
        );
        await manager.query(`UPDATE authorizations SET stream_version = $2 WHERE id = $1`, [q.authorizationId, stored.streamVersion]);
        break;
      }
      case 'credit-sharing.financing-outcome-reported': {
        const o = stored.data as FinancingOutcomeReportedV1;
        await manager.query(
          `INSERT INTO financing_outcomes (id, authorization_id, subject_key, institution_code, outcome, loan_kind, amount, decided_on, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [o.outcomeId, o.authorizationId, stored.subjectKey, o.institutionCode, o.outcome, o.loanKind, o.amount, o.decidedOn, stored.recordedAt],
        );
        await manager.query(`UPDATE authorizations SET stream_version = $2 WHERE id = $1`, [o.authorizationId, stored.streamVersion]);
        break;
      }
    }
  }
}
