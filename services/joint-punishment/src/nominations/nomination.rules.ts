/**
 * Nomination rules (domain.md §5, 认定发起): data (`catalog/nomination-rules.json`) read by this
 * interpreter, which turns a penalty in publicity, or a commitment found false (虚假承诺) or
 * breached (违诺) where its matter says so (domain.md §6), into proposals for a reviewer. A proposal
 * is a suggestion only: nobody is listed without a reviewer's decision. Pure: no Nest, no I/O.
 */
import {
  FULFILMENT_OUTCOMES,
  LIST_KINDS,
  type CommitmentConsequence,
  type FulfilmentOutcome,
  type ListKind,
  type PenaltySeverity,
} from '@credit/contracts';

export type NominationRule =
  /** `categories` (处罚种类, e.g. 吊销许可证件): when named, only a penalty in one of them counts. */
  | { code: string; type: 'PENALTY_MATCH'; list: ListKind; severities: PenaltySeverity[]; categories?: string[]; description: string }
  | { code: string; type: 'REPEATED_PENALTIES'; list: ListKind; count: number; withinDays: number; description: string }
  /** A commitment signed without a listed matter (v1, or free-form): the rule's outcomes decide. */
  | { code: string; type: 'COMMITMENT_OUTCOME'; list: ListKind; outcomes: FulfilmentOutcome[]; description: string }
  /**
   * A commitment signed under a listed matter (承诺事项清单): the matter's consequence decides, not the
   * COMMITMENT_OUTCOME rules; a breach or false finding of a LIST_NOMINATION matter is proposed.
   */
  | { code: string; type: 'MATTER_LIST_NOMINATION'; list: ListKind; description: string };

export interface PenaltyFact {
  penaltyId: string;
  violationType: string;
  severity: PenaltySeverity;
  /** `YYYY-MM-DD`. */
  decidedOn: string;
  /** The penalty's categories (处罚种类); only the new penalty's are needed. */
  categories?: string[];
}

export interface CommitmentFact {
  commitmentId: string;
  outcome: FulfilmentOutcome;
  /**
   * What a breach triggers, from the matter the commitment was signed under (commitment-signed v2);
   * undefined for one signed without a listed matter, or whose signature was not received.
   */
  consequence?: CommitmentConsequence;
}

/** What a rule proposes: one proposal per rule, subject and group (the penalty, or the violation type). */
export interface ProposalDraft {
  ruleCode: string;
  list: ListKind;
  groupKey: string;
  penaltyIds: string[];
  /** Commitments found false or breached the proposal rests on. */
  commitmentIds?: string[];
  reason: string;
}

const SEVERITIES: readonly PenaltySeverity[] = ['GENERAL', 'SERIOUS'];
const isCode = (v: unknown): v is string => typeof v === 'string' && /^[A-Z0-9][A-Z0-9_.-]{0,63}$/.test(v);

/** Checks the rules file at start-up: a malformed rule stops the service rather than proposing wrongly. */
export function parseNominationRules(raw: unknown): NominationRule[] {
  const rules = (raw as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) throw new Error('nomination rules: expected { rules: [...] }');
  const seen = new Set<string>();
  return rules.map((rule: Record<string, unknown>, i) => {
    const where = `nomination rules[${i}]`;
    if (!isCode(rule.code) || seen.has(rule.code)) throw new Error(`${where}: code missing, malformed or repeated`);
    seen.add(rule.code);
    if (!LIST_KINDS.includes(rule.list as ListKind)) throw new Error(`${where}: list must be one of ${LIST_KINDS.join(', ')}`);
    const description = typeof rule.description === 'string' ? rule.description : '';
    if (rule.type === 'PENALTY_MATCH') {
      const severities = rule.severities;
      if (!Array.isArray(severities) || severities.length === 0 || !severities.every((s) => SEVERITIES.includes(s))) {
        throw new Error(`${where}: severities must list GENERAL and/or SERIOUS`);
      }
      const categories = rule.categories;
      if (categories !== undefined && (!Array.isArray(categories) || categories.length === 0 || !categories.every((c) => typeof c === 'string' && c.trim() !== ''))) {
        throw new Error(`${where}: categories, when given, must list penalty categories`);
      }
      return { code: rule.code, type: 'PENALTY_MATCH', list: rule.list as ListKind, severities, ...(categories && { categories: categories as string[] }), description };
    }
    if (rule.type === 'COMMITMENT_OUTCOME') {
      const outcomes = rule.outcomes;
      if (!Array.isArray(outcomes) || outcomes.length === 0 || !outcomes.every((o) => FULFILMENT_OUTCOMES.includes(o) && o !== 'FULFILLED')) {
        throw new Error(`${where}: outcomes must list BREACHED and/or FALSE`);
      }
      return { code: rule.code, type: 'COMMITMENT_OUTCOME', list: rule.list as ListKind, outcomes, description };
    }
    if (rule.type === 'MATTER_LIST_NOMINATION') {
      return { code: rule.code, type: 'MATTER_LIST_NOMINATION', list: rule.list as ListKind, description };
    }
    if (rule.type === 'REPEATED_PENALTIES') {
      const { count, withinDays } = rule;
      if (!Number.isInteger(count) || (count as number) < 2) throw new Error(`${where}: count must be an integer >= 2`);
      if (!Number.isInteger(withinDays) || (withinDays as number) < 1) throw new Error(`${where}: withinDays must be an integer >= 1`);
      return { code: rule.code, type: 'REPEATED_PENALTIES', list: rule.list as ListKind, count: count as number, withinDays: withinDays as number, description };
    }
    throw new Error(`${where}: unknown type ${String(rule.type)}`);
  });
}

const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/**
 * The proposals a new penalty gives rise to, given the subject's penalties in publicity (the new
 * one included). A repetition counts the penalties of the new one's violation type decided within
 * `withinDays` up to its decision date.
 */
export function proposalsFor(rules: NominationRule[], penalty: PenaltyFact, history: PenaltyFact[]): ProposalDraft[] {
  const drafts: ProposalDraft[] = [];
  for (const rule of rules) {
    if (rule.type === 'COMMITMENT_OUTCOME' || rule.type === 'MATTER_LIST_NOMINATION') continue;
    if (rule.type === 'PENALTY_MATCH') {
      const inCategory = rule.categories === undefined || (penalty.categories ?? []).some((c) => rule.categories!.includes(c));
      if (rule.severities.includes(penalty.severity) && inCategory) {
        drafts.push({ ruleCode: rule.code, list: rule.list, groupKey: penalty.penaltyId, penaltyIds: [penalty.penaltyId], reason: rule.description });
      }
      continue;
    }
    const end = dayNumber(penalty.decidedOn);
    const repeated = history.filter(
      (p) => p.violationType === penalty.violationType && dayNumber(p.decidedOn) <= end && dayNumber(p.decidedOn) > end - rule.withinDays,
    );
    const ids = [...new Set([...repeated.map((p) => p.penaltyId), penalty.penaltyId])];
    if (ids.length >= rule.count) {
      drafts.push({ ruleCode: rule.code, list: rule.list, groupKey: penalty.violationType, penaltyIds: ids.sort(), reason: rule.description });
    }
  }
  return drafts;
}

/**
 * The proposals a commitment finding gives rise to: one per matching rule, grouped by the commitment.
 * A commitment signed under a listed matter follows the matter (domain.md §6: the list names what a
 * breach triggers): LIST_NOMINATION proposes a breach or a false finding, NONE and GRADE_FACTOR
 * propose nothing (grading counts the finding either way). Without a matter, the outcome rules apply
 * as before the list existed.
 */
export function commitmentProposalsFor(rules: NominationRule[], commitment: CommitmentFact): ProposalDraft[] {
  const draft = (rule: NominationRule): ProposalDraft => ({
    ruleCode: rule.code,
    list: rule.list,
    groupKey: commitment.commitmentId,
    penaltyIds: [],
    commitmentIds: [commitment.commitmentId],
    reason: rule.description,
  });
  if (commitment.consequence !== undefined) {
    if (commitment.consequence !== 'LIST_NOMINATION' || commitment.outcome === 'FULFILLED') return [];
    return rules.filter((rule) => rule.type === 'MATTER_LIST_NOMINATION').map(draft);
  }
  return rules.filter((rule) => rule.type === 'COMMITMENT_OUTCOME' && rule.outcomes.includes(commitment.outcome)).map(draft);
}
