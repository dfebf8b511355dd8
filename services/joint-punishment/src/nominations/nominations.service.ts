import type { CommitmentFulfilmentRecordedV1, CommitmentSignedV1, Page, PenaltyPublishedV1 } from '@credit/contracts';
import { offsetOf, type PageQueryDto } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { rememberSubject } from '../common/known-subjects';
import { commitmentProposalsFor, parseNominationRules, proposalsFor, type NominationRule, type PenaltyFact, type ProposalDraft } from './nomination.rules';

export const NOMINATION_RULES_FILE = resolve(__dirname, '../../catalog/nomination-rules.json');

export interface NominationProposalView {
  id: string;
  rule: string;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  subjectKey: string;
  list: string;
  penaltyIds: string[];
  commitmentIds: string[];
  reason: string;
  status: 'OPEN' | 'NOMINATED';
  /** The nomination that took the proposal up. */
  nominationId?: string;
  proposedAt: string;
  updatedAt: string;
}

interface ProposalRow {
  id: string;
  rule_code: string;
  subject_key: string;
  masked_code: string;
  list: string;
  penalty_ids: string[];
  commitment_ids: string[];
  reason: string;
  status: 'OPEN' | 'NOMINATED';
  nomination_id: string | null;
  proposed_at: Date;
  updated_at: Date;
}

@Injectable()
export class NominationsService {
  /** Read once at start-up: a malformed rules file stops the service (see parseNominationRules). */
  private readonly rules: NominationRule[] = parseNominationRules(JSON.parse(readFileSync(NOMINATION_RULES_FILE, 'utf8')));

  constructor(private readonly dataSource: DataSource) {}

  /**
   * In the inbox transaction of the penalty event: remembers the penalty and writes the proposals the
   * rules draw. A redelivery never gets here (inbox); a proposal already open for the same rule,
   * subject and group gains the new penalty instead of a second proposal.
   */
  async onPenaltyPublished(manager: EntityManager, subjectKey: string, penalty: PenaltyPublishedV1): Promise<void> {
    const fact: PenaltyFact = {
      penaltyId: penalty.penaltyId,
      violationType: penalty.violationType,
      severity: penalty.severity,
      decidedOn: penalty.decidedOn,
      categories: penalty.categories,
    };
    await rememberSubject(manager, subjectKey, penalty.subject.maskedCode);
    await manager.query(
      `INSERT INTO nomination_penalties (penalty_id, subject_key, violation_type, severity, decided_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (penalty_id) DO NOTHING`,
      [fact.penaltyId, subjectKey, fact.violationType, fact.severity, fact.decidedOn],
    );
    const history: PenaltyFact[] = await manager.query(
      `SELECT penalty_id AS "penaltyId", violation_type AS "violationType", severity, to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn"
       FROM nomination_penalties WHERE subject_key = $1 AND violation_type = $2`,
      [subjectKey, fact.violationType],
    );
    for (const draft of proposalsFor(this.rules, fact, history)) await this.propose(manager, subjectKey, penalty.subject.maskedCode, draft);
  }

  /** Remembers who signed a commitment: a later finding names only the commitment. */
  async onCommitmentSigned(manager: EntityManager, subjectKey: string, commitment: CommitmentSignedV1): Promise<void> {
    await rememberSubject(manager, subjectKey, commitment.subject.maskedCode);
    await manager.query(
      `INSERT INTO nomination_commitments (commitment_id, subject_key, masked_code) VALUES ($1, $2, $3) ON CONFLICT (commitment_id) DO NOTHING`,
      [commitment.commitmentId, subjectKey, commitment.subject.maskedCode],
    );
  }

  /**
   * A commitment found false (虚假承诺, domain.md §6) can lead to a nomination: the rules decide,
   * a reviewer lists. The signature precedes the finding on the subject's partition; should it be
   * missing (a consumer group started after it), the subject key stands in for the masked code:
   * it names the subject without revealing a natural person's number.
   */
  async onCommitmentFulfilment(manager: EntityManager, subjectKey: string, finding: CommitmentFulfilmentRecordedV1): Promise<void> {
    const drafts = commitmentProposalsFor(this.rules, { commitmentId: finding.commitmentId, outcome: finding.outcome });
    if (drafts.length === 0) return;
    const [signed]: { masked_code: string }[] = await manager.query(`SELECT masked_code FROM nomination_commitments WHERE commitment_id = $1`, [finding.commitmentId]);
    for (const draft of drafts) await this.propose(manager, subjectKey, signed?.masked_code ?? subjectKey, draft);
  }

  /** One proposal per rule, subject and group: an open one gains the new records instead of a second proposal. */
  private async propose(manager: EntityManager, subjectKey: string, maskedCode: string, draft: ProposalDraft): Promise<void> {
    await manager.query(
      `INSERT INTO nomination_proposals (id, rule_code, subject_key, masked_code, list, group_key, penalty_ids, commitment_ids, reason, status, proposed_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', now(), now())
       ON CONFLICT (rule_code, subject_key, group_key) DO UPDATE
         SET penalty_ids = ARRAY(SELECT DISTINCT unnest(nomination_proposals.penalty_ids || EXCLUDED.penalty_ids) ORDER BY 1),
             commitment_ids = ARRAY(SELECT DISTINCT unnest(nomination_proposals.commitment_ids || EXCLUDED.commitment_ids) ORDER BY 1),
             updated_at = now()`,
      [draft.ruleCode, subjectKey, maskedCode, draft.list, draft.groupKey, draft.penaltyIds, draft.commitmentIds ?? [], draft.reason],
    );
  }

  async list(query: PageQueryDto): Promise<Page<NominationProposalView>> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM nomination_proposals`);
    const rows: ProposalRow[] = await this.dataSource.query(
      `SELECT * FROM nomination_proposals ORDER BY proposed_at DESC, id LIMIT $1 OFFSET $2`,
      [query.pageSize, offsetOf(query)],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        rule: r.rule_code,
        subjectCode: r.masked_code,
        subjectKey: r.subject_key,
        list: r.list,
        penaltyIds: r.penalty_ids,
        commitmentIds: r.commitment_ids,
        reason: r.reason,
        status: r.status,
        ...(r.nomination_id !== null && { nominationId: r.nomination_id }),
        proposedAt: new Date(r.proposed_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }
}
