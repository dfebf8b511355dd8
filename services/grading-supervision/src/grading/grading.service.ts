import type { CreditGrade, EventEnvelope, GradeRecomputedV1, Page, ScoringRuleWeightsV1 } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, type EventStoreTransaction } from '@credit/event-store';
import { commandMetaOf, FieldValidationProblem, offsetOf, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { GradingSupervisionConfig } from '../config';
import { gradedSubjects, insertRuleVersion, loadRecords, loadRecordsOfSubjects, loadRuleVersions, upsertSubjectGrade } from './grading.repository';
import { gradeDecider, gradeStream } from './grade.decider';
import { SCORING_RULES_STREAM, scoringRuleDecider } from './scoring-rule.decider';
import { evaluate, ruleInEffect, thresholdsRefusal, weightsOf, type ScoredFactor, type ScoringRule } from './scoring.rules';

export interface GradeView {
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  score: number;
  grade: string;
  /** Every contributing record: its source event (type and id), the rule's weight and what it contributed. */
  factors: Array<Pick<ScoredFactor, 'source' | 'eventId' | 'recordId' | 'effect' | 'kind' | 'category' | 'weight' | 'contribution'>>;
  /** The scoring rule version in effect on the day, which computed the grade. */
  ruleVersion: number;
  asOf: string;
}

export interface GradeHistoryItem {
  score: number;
  grade: CreditGrade;
  previousGrade: CreditGrade | null;
  ruleVersion: number;
  factors: GradeRecomputedV1['factors'];
  triggerEventId: string;
  triggerType: string;
  eventId: string;
  recordedAt: string;
}

export interface ScoringRuleView extends ScoringRuleWeightsV1 {
  version: number;
  effectiveFrom: string;
}

/** The platform itself recomputes; the trigger's department is on the trigger. */
const GRADING_ACTOR = { departmentCode: 'system', user: 'grading-supervision' };

@Injectable()
export class GradingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly config: GradingSupervisionConfig,
  ) {}

  /** The scoring rule version in effect on `day` (reference data, scoring_rule_versions). */
  async ruleOn(manager: EntityManager, day: string): Promise<ScoringRule> {
    return ruleInEffect(await loadRuleVersions(manager), day);
  }

  /**
   * Recomputes the subject's grade after `trigger` changed its records, and appends the
   * grade-recomputed event in the same (inbox) transaction: same correlation, caused by the trigger.
   */
  async recompute(tx: EventStoreTransaction, subjectKey: string, trigger: EventEnvelope): Promise<boolean> {
    const today = todayInShanghai();
    const evaluation = evaluate(await loadRecords(tx.manager, subjectKey), today, await this.ruleOn(tx.manager, today));
    const { events } = await handleCommand(
      tx,
      gradeStream(subjectKey),
      gradeDecider,
      { type: 'RecomputeGrade', data: { evaluation, triggerEventId: trigger.id, triggerType: trigger.type } },
      { subjectKey, correlationId: trigger.correlationId, causationId: trigger.id, actor: GRADING_ACTOR },
    );
    for (const event of events) {
      await upsertSubjectGrade(tx.manager, {
        subjectKey,
        score: evaluation.score,
        grade: evaluation.grade,
        triggerEventId: trigger.id,
        computedAt: event.recordedAt,
        ruleVersion: evaluation.ruleVersion,
      });
    }
    return events.length > 0;
  }

  /** The grade as of now, by the rule version in effect today: penalties past their maximum publicity period drop out on reading too. */
  async gradeOf(pathCode: string): Promise<GradeView> {
    const subject = this.resolve(pathCode);
    return this.dataSource.transaction('REPEATABLE READ', async (manager: EntityManager) => {
      const today = todayInShanghai();
      const evaluation = evaluate(await loadRecords(manager, subject.subjectKey), today, await this.ruleOn(manager, today));
      return {
        subjectCode: subject.displayCode,
        score: evaluation.score,
        grade: evaluation.grade,
        factors: evaluation.factors.map(({ source, eventId, recordId, effect, kind, category, weight, contribution }) => ({
          source,
          eventId,
          recordId,
          effect,
          kind,
          category,
          weight,
          contribution,
        })),
        ruleVersion: evaluation.ruleVersion,
        asOf: new Date().toISOString(),
      };
    });
  }

  /**
   * The grade each subject is sampled under in a 双随机 plan (by the rule in effect on `day`), and
   * whether the platform ever graded it: a subject never graded is sampled as B.
   */
  async samplingGrades(manager: EntityManager, subjectKeys: readonly string[], day: string, ungraded: CreditGrade): Promise<{ ruleVersion: number; grades: Map<string, { grade: CreditGrade; graded: boolean }> }> {
    const rule = await this.ruleOn(manager, day);
    const graded = await gradedSubjects(manager, subjectKeys);
    const records = await loadRecordsOfSubjects(manager, subjectKeys);
    const grades = new Map<string, { grade: CreditGrade; graded: boolean }>();
    for (const key of subjectKeys) {
      grades.set(key, graded.has(key) ? { grade: evaluate(records.get(key) ?? [], day, rule).grade, graded: true } : { grade: ungraded, graded: false });
    }
    return { ruleVersion: rule.version, grades };
  }

  /** Every grade the subject was given (its grade-recomputed events), newest first, paged. */
  async history(pathCode: string, query: { page: number; pageSize: number }): Promise<Page<GradeHistoryItem> & { subjectCode: string }> {
    const subject = this.resolve(pathCode);
    const events = await this.store.readStream(gradeStream(subject.subjectKey));
    const items = events
      .filter((e) => e.type === 'grading-supervision.grade-recomputed')
      .reverse()
      .map((e): GradeHistoryItem => {
        const data = e.data as GradeRecomputedV1;
        return {
          score: data.score,
          grade: data.grade,
          previousGrade: data.previousGrade,
          ruleVersion: data.ruleVersion ?? 1,
          factors: data.factors,
          triggerEventId: data.triggerEventId,
          triggerType: data.triggerType,
          eventId: e.id,
          recordedAt: e.recordedAt,
        };
      });
    const offset = offsetOf(query);
    return { subjectCode: subject.displayCode, items: items.slice(offset, offset + query.pageSize), page: query.page, pageSize: query.pageSize, total: items.length };
  }

  /** Every version of the scoring rule, oldest first, and the one in effect today. */
  async rules(): Promise<{ inEffect: number; versions: ScoringRuleView[] }> {
    const versions = await loadRuleVersions(this.dataSource.manager);
    return {
      inEffect: ruleInEffect(versions, todayInShanghai()).version,
      versions: versions.map((rule) => ({ version: rule.version, effectiveFrom: rule.effectiveFrom, ...weightsOf(rule) })),
    };
  }

  /** The credit office defines the next version of the rule, effective today or later (admin). */
  async defineRule(input: { effectiveFrom: string; weights: ScoringRuleWeightsV1; reason: string }, ctx: RequestContext): Promise<ScoringRuleView> {
    const refusal = thresholdsRefusal(input.weights.thresholds);
    if (refusal !== null) throw new FieldValidationProblem([{ field: 'thresholds', message: refusal }]);
    const meta = commandMetaOf(ctx.principal, ctx.correlationId, null);
    const event = await this.store.transaction(async (tx) => {
      const { events } = await handleCommand(tx, SCORING_RULES_STREAM, scoringRuleDecider, { type: 'DefineRule', data: { ...input, today: todayInShanghai() } }, meta);
      const defined = events[0];
      const data = defined.data as { version: number; effectiveFrom: string; weights: ScoringRuleWeightsV1 };
      await insertRuleVersion(tx.manager, { version: data.version, effectiveFrom: data.effectiveFrom, weights: data.weights, eventId: defined.id });
      return data;
    });
    return { version: event.version, effectiveFrom: event.effectiveFrom, ...event.weights };
  }

  resolve(raw: string, field = 'subjectCode'): { subjectKey: string; displayCode: string } {
    const subject = this.config.subjectIdentity.resolve(raw);
    if (subject.ok) return { subjectKey: subject.subjectKey, displayCode: subject.maskedCode };
    throw new FieldValidationProblem([
      { field, message: 'must be a unified social credit code (GB 32100) or a citizen ID number (GB 11643) with a valid check character' },
    ]);
  }
}
