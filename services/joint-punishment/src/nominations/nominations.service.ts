import type { CommitmentFulfilmentRecordedV1, CommitmentSignedV2, Page, PenaltyPublishedV1 } from '@credit/contracts';
import { offsetOf, type PageQueryDto } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { rememberSubject } from '../common/known-subjects.repository';
import { commitmentProposalsFor, parseNominationRules, proposalsFor, type NominationRule, type PenaltyFact, type ProposalDraft } from './nomination.rules';
import { listProposals, penaltyFactsOf, rememberCommitmentSigner, rememberPenaltyFact, signedCommitment, upsertProposal } from './nominations.repository';

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
    await rememberPenaltyFact(manager, subjectKey, fact);
    const history: PenaltyFact[] = await penaltyFactsOf(manager, subjectKey, fact.violationType);
    for (const draft of proposalsFor(this.rules, fact, history)) await this.propose(manager, subjectKey, penalty.subject.maskedCode, draft);
  }

  /**
   * Remembers who signed a commitment, and what its matter makes of a breach (v2; a v1 signature,
   * upcast, names none): a later finding names only the commitment.
   */
  async onCommitmentSigned(manager: EntityManager, subjectKey: string, commitment: CommitmentSignedV2): Promise<void> {
    await rememberSubject(manager, subjectKey, commitment.subject.maskedCode);
    await rememberCommitmentSigner(manager, commitment.commitmentId, subjectKey, commitment.subject.maskedCode, commitment.consequenceOnBreach);
  }

  /**
   * A commitment found false (虚假承诺), or breached under a matter whose consequence is a list
   * nomination (domain.md §6), can lead to a nomination: the rules and the matter decide, a reviewer
   * lists. The signature precedes the finding on the subject's partition; should it be missing (a
   * consumer group started after it), the commitment is judged as one without a matter, and the
   * subject key stands in for the masked code: it names the subject without revealing a natural
   * person's number.
   */
  async onCommitmentFulfilment(manager: EntityManager, subjectKey: string, finding: CommitmentFulfilmentRecordedV1): Promise<void> {
    const signed = await signedCommitment(manager, finding.commitmentId);
    const drafts = commitmentProposalsFor(this.rules, { commitmentId: finding.commitmentId, outcome: finding.outcome, ...(signed?.consequence && { consequence: signed.consequence }) });
    for (const draft of drafts) await this.propose(manager, subjectKey, signed?.maskedCode ?? subjectKey, draft);
  }

  /** One proposal per rule, subject and group: an open one gains the new records instead of a second proposal. */
  private async propose(manager: EntityManager, subjectKey: string, maskedCode: string, draft: ProposalDraft): Promise<void> {
    await upsertProposal(manager, subjectKey, maskedCode, draft);
  }

  async list(query: PageQueryDto): Promise<Page<NominationProposalView>> {
    const { total, rows } = await listProposals(this.dataSource, query.pageSize, offsetOf(query));
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
