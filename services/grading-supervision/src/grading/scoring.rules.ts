/**
 * The scoring rule of the public credit comprehensive evaluation (公共信用综合评价, domain.md §7).
 * Pure: records in, score, grade and explanation out. Every score is explained by its contributing
 * records (factors), as §7 requires; the weights and thresholds are data, kept as versioned
 * reference data with an effective date (table scoring_rule_versions, version 1 = SCORING_RULE_V1,
 * seeded by migration): a subject is graded by the version in effect on the day, so a revised rule
 * regrades only from its date. Version 1:
 *
 *   start at 100;
 *   each GENERAL penalty in publicity −10, each SERIOUS one −25
 *     (in publicity = published, not withdrawn, and before its maximumUntil: the publicity window of
 *     @credit/credit-rules, whose maximumUntil is the first day the penalty no longer counts);
 *   each BLACK list entry in force −40; each RED list entry in force +10;
 *   each commitment found BREACHED or FALSE −15;
 *   each 双随机 inspection result: NO_PROBLEM 0, PROBLEM_FOUND −10, NOT_FOUND (查无下落) −15;
 *   each industry evaluation (行业信用评价) until its validUntil: A +5, B 0, C −10, D −20;
 *   the sum is kept within 0..100 (red entries cannot lift a score above 100);
 *   grade A ≥ 90, B ≥ 70, C ≥ 50, D below 50 (A low risk … D high risk).
 */
import type { CreditGrade, GradeFactor, InspectionOutcome, PenaltySeverity, ScoringRuleWeightsV1 } from '@credit/contracts';

export type { InspectionOutcome };
import { publicityEnded } from '@credit/credit-rules';

export interface ScoringRule {
  readonly name: string;
  /** Version of the rule (1, 2, …): each grade names the version it was computed by. */
  readonly version: number;
  /** First day (YYYY-MM-DD, Asia/Shanghai) the version grades. */
  readonly effectiveFrom: string;
  readonly base: number;
  readonly min: number;
  readonly max: number;
  readonly penalty: Readonly<Record<PenaltySeverity, number>>;
  readonly listEntry: Readonly<Record<'BLACK' | 'RED', number>>;
  readonly commitment: Readonly<Record<'BREACHED' | 'FALSE', number>>;
  readonly inspection: Readonly<Record<InspectionOutcome, number>>;
  readonly industryEvaluation: Readonly<Record<CreditGrade, number>>;
  /** Lowest score of each grade, best grade first; the last grade takes everything below. */
  readonly grades: ReadonlyArray<{ grade: CreditGrade; atLeast: number }>;
}

export const SCORING_RULE_V1: ScoringRule = {
  name: 'v1',
  version: 1,
  effectiveFrom: '2000-01-01',
  base: 100,
  min: 0,
  max: 100,
  penalty: { GENERAL: -10, SERIOUS: -25 },
  listEntry: { BLACK: -40, RED: 10 },
  commitment: { BREACHED: -15, FALSE: -15 },
  inspection: { NO_PROBLEM: 0, PROBLEM_FOUND: -10, NOT_FOUND: -15 },
  industryEvaluation: { A: 5, B: 0, C: -10, D: -20 },
  grades: [
    { grade: 'A', atLeast: 90 },
    { grade: 'B', atLeast: 70 },
    { grade: 'C', atLeast: 50 },
    { grade: 'D', atLeast: -Infinity },
  ],
};

/** A record of the subject as the read model keeps it. */
export type CreditRecord =
  | { kind: 'PENALTY'; recordId: string; source: string; eventId: string; severity: PenaltySeverity; inPublicity: boolean; maximumUntil: string }
  | { kind: 'LIST_ENTRY'; recordId: string; source: string; eventId: string; list: 'BLACK' | 'RED'; inForce: boolean }
  | { kind: 'COMMITMENT'; recordId: string; source: string; eventId: string; outcome: 'FULFILLED' | 'BREACHED' | 'FALSE' }
  | { kind: 'INSPECTION'; recordId: string; source: string; eventId: string; outcome: InspectionOutcome }
  /** validUntil: the last day it counts. */
  | { kind: 'INDUSTRY_EVALUATION'; recordId: string; source: string; eventId: string; grade: CreditGrade; validUntil: string };

export interface ScoredFactor extends GradeFactor {
  /** The event that brought the record in (api-contract `factors[].eventId`). */
  eventId: string;
  kind: CreditRecord['kind'];
  /** Severity of a penalty, list of an entry, outcome of a commitment finding or an inspection. */
  category: string;
  /** Points the rule gives a record of this kind and category. */
  weight: number;
  /**
   * Points the record actually moved the score: its weight, less its share of the bounds (a red
   * entry cannot lift a score above 100, nor penalties push it below 0). The contributions add up
   * to score − base.
   */
  contribution: number;
}

export interface Evaluation {
  score: number;
  grade: CreditGrade;
  /** The rule version that computed it. */
  ruleVersion: number;
  factors: ScoredFactor[];
}

/** `today` (YYYY-MM-DD, Asia/Shanghai) decides whether a penalty's maximum publicity period has ended. */
export function evaluate(records: readonly CreditRecord[], today: string, rule: ScoringRule = SCORING_RULE_V1): Evaluation {
  const factors: ScoredFactor[] = [];
  for (const record of records) {
    const effect = effectOf(record, today, rule);
    if (effect !== 0) {
      factors.push({ source: record.source, recordId: record.recordId, eventId: record.eventId, effect, kind: record.kind, category: categoryOf(record), weight: effect, contribution: effect });
    }
  }
  const sum = factors.reduce((total, f) => total + f.effect, rule.base);
  const score = Math.min(rule.max, Math.max(rule.min, sum));
  attributeBounds(factors, score - sum);
  return { score, grade: gradeOf(score, rule), ruleVersion: rule.version, factors };
}

/**
 * Takes what the bounds cut off (`cut`: negative above max, positive below min) from the factors
 * pointing the same way as the excess, last factor first, so that the contributions add up to the
 * score the rule gives.
 */
function attributeBounds(factors: ScoredFactor[], cut: number): void {
  let left = cut;
  for (let i = factors.length - 1; i >= 0 && left !== 0; i--) {
    const factor = factors[i];
    if (left < 0 && factor.contribution > 0) {
      const taken = Math.min(factor.contribution, -left);
      factor.contribution -= taken;
      left += taken;
    } else if (left > 0 && factor.contribution < 0) {
      const taken = Math.min(-factor.contribution, left);
      factor.contribution += taken;
      left -= taken;
    }
  }
}

function categoryOf(record: CreditRecord): string {
  switch (record.kind) {
    case 'PENALTY':
      return record.severity;
    case 'LIST_ENTRY':
      return record.list;
    case 'COMMITMENT':
    case 'INSPECTION':
      return record.outcome;
    case 'INDUSTRY_EVALUATION':
      return record.grade;
  }
}

/**
 * The version in effect on `day`: the latest effectiveFrom not after it (the higher version on the
 * same day). Versions must include one in effect (version 1 is in effect from 2000-01-01).
 */
export function ruleInEffect(versions: readonly ScoringRule[], day: string): ScoringRule {
  let chosen: ScoringRule | undefined;
  for (const rule of versions) {
    if (rule.effectiveFrom > day) continue;
    if (!chosen || rule.effectiveFrom > chosen.effectiveFrom || (rule.effectiveFrom === chosen.effectiveFrom && rule.version > chosen.version)) chosen = rule;
  }
  return chosen ?? SCORING_RULE_V1;
}

/** The weights and thresholds of a version as kept in scoring_rule_versions.rule (JSON: no −Infinity). */
/** thresholds: the lowest score of grades A, B and C; D takes everything below C. */
export type ScoringRuleWeights = ScoringRuleWeightsV1;

export function ruleFromWeights(version: number, effectiveFrom: string, weights: ScoringRuleWeights): ScoringRule {
  return {
    name: `v${version}`,
    version,
    effectiveFrom,
    base: 100,
    min: 0,
    max: 100,
    penalty: { ...weights.penalty },
    listEntry: { ...weights.listEntry },
    commitment: { ...weights.commitment },
    inspection: { ...SCORING_RULE_V1.inspection, ...weights.inspection },
    industryEvaluation: { ...SCORING_RULE_V1.industryEvaluation, ...weights.industryEvaluation },
    grades: [
      { grade: 'A', atLeast: weights.thresholds.A },
      { grade: 'B', atLeast: weights.thresholds.B },
      { grade: 'C', atLeast: weights.thresholds.C },
      { grade: 'D', atLeast: -Infinity },
    ],
  };
}

export function weightsOf(rule: ScoringRule): ScoringRuleWeights {
  const at = (grade: CreditGrade) => rule.grades.find((g) => g.grade === grade)?.atLeast ?? 0;
  return {
    penalty: { ...rule.penalty },
    listEntry: { ...rule.listEntry },
    commitment: { ...rule.commitment },
    inspection: { ...rule.inspection },
    industryEvaluation: { ...rule.industryEvaluation },
    thresholds: { A: at('A'), B: at('B'), C: at('C') },
  };
}

/**
 * Why a new version's thresholds cannot grade (null when they can): A above B above C, within 0..100.
 */
export function thresholdsRefusal(thresholds: { A: number; B: number; C: number }): string | null {
  const { A, B, C } = thresholds;
  if (!(A <= 100 && A > B && B > C && C > 0)) return `thresholds must satisfy 100 ≥ A > B > C > 0 (got A ${A}, B ${B}, C ${C})`;
  return null;
}

export function gradeOf(score: number, rule: ScoringRule = SCORING_RULE_V1): CreditGrade {
  return (rule.grades.find((g) => score >= g.atLeast) ?? rule.grades[rule.grades.length - 1]).grade;
}

function effectOf(record: CreditRecord, today: string, rule: ScoringRule): number {
  switch (record.kind) {
    case 'PENALTY':
      // Publicity stops automatically on maximumUntil (domain.md §3): from that day on it no longer counts. A record
      // arrives with penalty-published, never before its decision date, so only the end needs judging here.
      return record.inPublicity && !publicityEnded(record, today) ? rule.penalty[record.severity] : 0;
    case 'LIST_ENTRY':
      return record.inForce ? rule.listEntry[record.list] : 0;
    case 'COMMITMENT':
      return record.outcome === 'FULFILLED' ? 0 : rule.commitment[record.outcome];
    case 'INSPECTION':
      return rule.inspection[record.outcome] ?? 0;
    case 'INDUSTRY_EVALUATION':
      return today <= record.validUntil ? rule.industryEvaluation[record.grade] : 0;
  }
}
