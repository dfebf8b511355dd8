/**
 * The first scoring rule of the public credit comprehensive evaluation (公共信用综合评价,
 * domain.md §7). Pure: records in, score, grade and explanation out. Every score is explained by
 * its contributing records (factors), as §7 requires; the weights and thresholds are data
 * (SCORING_RULE_V1), so a revised rule is a new object, not edits scattered through code.
 *
 *   start at 100;
 *   each GENERAL penalty in publicity −10, each SERIOUS one −25
 *     (in publicity = published, not withdrawn, and before its maximumUntil: the publicity window of
 *     @credit/credit-rules, whose maximumUntil is the first day the penalty no longer counts);
 *   each BLACK list entry in force −40; each RED list entry in force +10;
 *   each commitment found BREACHED or FALSE −15;
 *   the sum is kept within 0..100 (red entries cannot lift a score above 100);
 *   grade A ≥ 90, B ≥ 70, C ≥ 50, D below 50 (A low risk … D high risk).
 */
import type { CreditGrade, GradeFactor, PenaltySeverity } from '@credit/contracts';
import { publicityEnded } from '@credit/credit-rules';

export interface ScoringRule {
  readonly name: string;
  readonly base: number;
  readonly min: number;
  readonly max: number;
  readonly penalty: Readonly<Record<PenaltySeverity, number>>;
  readonly listEntry: Readonly<Record<'BLACK' | 'RED', number>>;
  readonly commitment: Readonly<Record<'BREACHED' | 'FALSE', number>>;
  /** Lowest score of each grade, best grade first; the last grade takes everything below. */
  readonly grades: ReadonlyArray<{ grade: CreditGrade; atLeast: number }>;
}

export const SCORING_RULE_V1: ScoringRule = {
  name: 'v1',
  base: 100,
  min: 0,
  max: 100,
  penalty: { GENERAL: -10, SERIOUS: -25 },
  listEntry: { BLACK: -40, RED: 10 },
  commitment: { BREACHED: -15, FALSE: -15 },
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
  | { kind: 'COMMITMENT'; recordId: string; source: string; eventId: string; outcome: 'FULFILLED' | 'BREACHED' | 'FALSE' };

export interface ScoredFactor extends GradeFactor {
  /** The event that brought the record in (api-contract `factors[].eventId`). */
  eventId: string;
}

export interface Evaluation {
  score: number;
  grade: CreditGrade;
  factors: ScoredFactor[];
}

/** `today` (YYYY-MM-DD, Asia/Shanghai) decides whether a penalty's maximum publicity period has ended. */
export function evaluate(records: readonly CreditRecord[], today: string, rule: ScoringRule = SCORING_RULE_V1): Evaluation {
  const factors: ScoredFactor[] = [];
  for (const record of records) {
    const effect = effectOf(record, today, rule);
    if (effect !== 0) factors.push({ source: record.source, recordId: record.recordId, eventId: record.eventId, effect });
  }
  const sum = factors.reduce((total, f) => total + f.effect, rule.base);
  const score = Math.min(rule.max, Math.max(rule.min, sum));
  return { score, grade: gradeOf(score, rule), factors };
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
  }
}
