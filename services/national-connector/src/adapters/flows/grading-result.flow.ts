/**
 * Public credit evaluation results (分级分类监管, domain.md §7) → 信用中国 `/grading/results`: every
 * recomputation, also when the grade stayed, since the score moves with each change of the record.
 *
 * Field mapping (grade-recomputed v1 data → national):
 *   grade, previousGrade, score → same names · ruleVersion → ruleVersion (1 when absent: grades
 *   computed before rules were versioned) · factors → factors summarised: count, total effect, and
 *   per source event type its count and effect (record ids stay local)
 *   triggerType → trigger.type · triggerEventId → trigger.eventId · envelope occurredAt → computedAt
 *   envelope subjectKey → subject.subjectKey
 */
import { gradeRecomputedV1, type EventEnvelope, type GradeFactor, type GradeRecomputedV1 } from '@credit/contracts';
import { keyedSubjectOf, type PlannedDelivery } from './shared';

export const ENDPOINT = '/grading/results';
export const eventTypes = [gradeRecomputedV1.type] as const;

export function plan(event: EventEnvelope): PlannedDelivery[] {
  if (event.type !== gradeRecomputedV1.type) return [];
  const g = (event as EventEnvelope<GradeRecomputedV1>).data;
  const payload = {
    grade: g.grade,
    previousGrade: g.previousGrade,
    score: g.score,
    ruleVersion: g.ruleVersion ?? 1,
    factors: summariseFactors(g.factors),
    trigger: { type: g.triggerType, eventId: g.triggerEventId },
    computedAt: event.occurredAt,
    subject: keyedSubjectOf(event),
  };
  return [{ target: 'credit-china', endpoint: ENDPOINT, payload }];
}

/** Per source event type (sorted, so the payload does not depend on the factors' order). */
export function summariseFactors(factors: GradeFactor[]): { count: number; totalEffect: number; bySource: { source: string; count: number; effect: number }[] } {
  const bySource = new Map<string, { count: number; effect: number }>();
  for (const f of factors) {
    const sum = bySource.get(f.source) ?? { count: 0, effect: 0 };
    bySource.set(f.source, { count: sum.count + 1, effect: sum.effect + f.effect });
  }
  const sources = [...bySource.keys()].sort().map((source) => ({ source, ...bySource.get(source)! }));
  return { count: factors.length, totalEffect: sources.reduce((total, s) => total + s.effect, 0), bySource: sources };
}
