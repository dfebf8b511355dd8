import type { InspectionPlanDrawnV1, InspectionResultRecordedV1 } from '@credit/contracts';
import { inspectionPlanDate, inspectionPlanPublicFrom, subjectView } from '@credit/credit-rules';
import { todayInShanghai } from '@credit/domain-kernel';
import { FieldValidationProblem, NotFoundProblem, offsetOf } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { InspectionPlanQueryDto } from './inspection-plans.dto';
import { findPublicPlan, insertPlan, insertResult, latestInspectionChange, listPublicPlans, resultsOf, subjectNamesOf, type StoredResult } from './inspection-plans.repository';

/** A plan as the website lists it. */
export interface PublicPlanSummary {
  id: string;
  department: { name: string; code: string };
  inspectionDate: string;
  drawnOn: string;
  baseRatio: number;
  ratiosByGrade: InspectionPlanDrawnV1['ratiosByGrade'];
  population: InspectionPlanDrawnV1['population'];
  selectedCount: number;
  /** The seed and algorithm: anyone can redo the draw from the plan's population (README, sampling algorithm). */
  seed: string;
  algorithm: string;
}

/** A plan as the website shows it: who was drawn, at which grade, by whom inspected, with what result. */
export interface PublicPlan extends PublicPlanSummary {
  selected: Array<{
    subject: subjectView.PublicSubject;
    grade: string;
    inspectors: string[];
    result: { outcome: string; note: string; reportedOn: string } | null;
  }>;
}

/**
 * 双随机、一公开 on the credit website: the departments' inspection plans, published from the day
 * after the plan's date (before that the plan is unknown here: 404), and the results as reported.
 */
@Injectable()
export class PublicInspectionPlansService {
  constructor(private readonly dataSource: DataSource) {}

  keepPlan(manager: EntityManager, plan: InspectionPlanDrawnV1, recordedAt: string): Promise<void> {
    return insertPlan(manager, plan, inspectionPlanDate(plan), inspectionPlanPublicFrom(plan), recordedAt);
  }

  keepResult(manager: EntityManager, result: InspectionResultRecordedV1, recordedAt: string): Promise<void> {
    return insertResult(manager, result, recordedAt);
  }

  async list(query: InspectionPlanQueryDto) {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new FieldValidationProblem([{ field: 'to', message: 'to must not be before from' }]);
    }
    const { total, rows } = await listPublicPlans(this.dataSource, todayInShanghai(), query, query.pageSize, offsetOf(query));
    return { items: rows.map((r) => summaryOf(r.plan)), page: query.page, pageSize: query.pageSize, total };
  }

  async get(planId: string): Promise<PublicPlan> {
    const plan = await findPublicPlan(this.dataSource, planId, todayInShanghai());
    if (!plan) throw new NotFoundProblem(`no published inspection plan ${planId}`);
    const keys = plan.selected.map((s) => s.subjectKey);
    const [results, subjects] = await Promise.all([resultsOf(this.dataSource, planId), subjectNamesOf(this.dataSource, keys)]);
    const resultOf = new Map<string, StoredResult>(results.map((r) => [r.subject_key, r]));
    const subjectOf = new Map(subjects.map((s) => [s.subject_key, s]));
    return {
      ...summaryOf(plan),
      selected: plan.selected.map((s) => {
        const known = subjectOf.get(s.subjectKey);
        const result = resultOf.get(s.subjectKey);
        return {
          // The plan carries the code as shown (masked for a person); the name comes from the website's own view.
          subject:
            known?.kind && known.name
              ? subjectView.publicSubject({ kind: known.kind, maskedCode: s.subjectCode, name: known.name })
              : { name: null, kind: known?.kind ?? null, code: s.subjectCode },
          grade: s.grade,
          inspectors: s.inspectors,
          result: result ? { outcome: result.outcome, note: result.note, reportedOn: result.reported_on } : null,
        };
      }),
    };
  }

  latestChange(planId?: string): Promise<Date | null> {
    return latestInspectionChange(this.dataSource, planId);
  }
}

function summaryOf(plan: InspectionPlanDrawnV1): PublicPlanSummary {
  return {
    id: plan.planId,
    department: plan.department,
    inspectionDate: inspectionPlanDate(plan),
    drawnOn: plan.drawnOn,
    baseRatio: plan.baseRatio,
    ratiosByGrade: plan.ratiosByGrade,
    population: plan.population,
    selectedCount: plan.selected.length,
    seed: plan.seed,
    algorithm: plan.algorithm,
  };
}
