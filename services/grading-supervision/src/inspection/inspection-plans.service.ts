import type { CreditGrade, InspectionPlanDrawnV1, InspectionResultRecordedV1, RatiosByGrade } from '@credit/contracts';
import { normalizeUnitCode, todayInShanghai } from '@credit/domain-kernel';
import { addDays, inspectionPlanDate, inspectionPlanPublicFrom } from '@credit/credit-rules';
import { EventStore, handleCommand, toEnvelope } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, ForbiddenProblem, NotFoundProblem, readsEveryUnit, sameUnit, type ProblemField, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { GradingSupervisionConfig } from '../config';
import { upsertRecord } from '../grading/grading.repository';
import { GradingService } from '../grading/grading.service';
import { inspectionPlanDecider, inspectionPlanStream, type InspectionPlanEvent, type InspectionPlanState } from './inspection-plan.decider';
import type { DrawInspectionPlanDto, RecordInspectionResultsDto } from './inspection-plan.dto';
import { drawPlan, SAMPLING_ALGORITHM, UNGRADED_SAMPLING_GRADE } from './inspection-sampling.rules';

export interface InspectionPlanView {
  id: string;
  department: { name: string; code: string };
  seed: string;
  baseRatio: number;
  ratiosByGrade: RatiosByGrade;
  population: Record<CreditGrade, number>;
  algorithm: string;
  ruleVersion: number;
  drawnOn: string;
  /** The plan date (the day inspections start) and the first day the credit website shows the plan. */
  inspectionDate: string;
  publicFrom: string;
  selected: Array<{ subjectCode: string; grade: CreditGrade; graded: boolean; inspectors: string[]; result: { outcome: string; note: string; reportedOn: string } | null }>;
}

/** How far ahead a plan may be dated: a year's inspections are planned within the year. */
const MAX_PLAN_LEAD_DAYS = 366;

@Injectable()
export class InspectionPlansService {
  constructor(
    private readonly store: EventStore,
    private readonly grading: GradingService,
    private readonly config: GradingSupervisionConfig,
  ) {}

  /** 双随机: draws subjects by grade and two inspectors for each, in the department's own name. */
  async draw(dto: DrawInspectionPlanDto, ctx: RequestContext): Promise<InspectionPlanView> {
    const departmentCode = normalizeUnitCode(dto.department.code);
    if (departmentCode === null) throw new FieldValidationProblem([{ field: 'department.code', message: 'department.code is not a valid unified social credit code (GB 32100)' }]);
    // A department draws only its own plans (双随机 is each department's inspection).
    assertSourceUnit(ctx.principal, departmentCode);

    const errors: ProblemField[] = [];
    const subjects: Array<{ code: string; subjectKey: string; displayCode: string }> = [];
    const seen = new Map<string, number>();
    dto.subjectCodes.forEach((raw, i) => {
      const field = `subjectCodes.${i}`;
      const resolved = this.config.subjectIdentity.resolve(raw);
      if (!resolved.ok) {
        errors.push({ field, message: 'must be a unified social credit code (GB 32100) or a citizen ID number (GB 11643) with a valid check character' });
        return;
      }
      const first = seen.get(resolved.subjectKey);
      if (first !== undefined) {
        errors.push({ field, message: `names the same subject as subjectCodes.${first}: each subject once` });
        return;
      }
      seen.set(resolved.subjectKey, i);
      subjects.push({ code: raw.trim().toUpperCase(), subjectKey: resolved.subjectKey, displayCode: resolved.maskedCode });
    });
    const drawnOn = todayInShanghai();
    if (dto.inspectionDate !== undefined && (dto.inspectionDate < drawnOn || dto.inspectionDate > addDays(drawnOn, MAX_PLAN_LEAD_DAYS))) {
      errors.push({ field: 'inspectionDate', message: `inspectionDate must be from today (${drawnOn}) to ${MAX_PLAN_LEAD_DAYS} days later` });
    }
    const inspectors = dto.inspectors.map((name) => name.trim());
    if (new Set(inspectors).size !== inspectors.length) errors.push({ field: 'inspectors', message: 'inspectors must be distinct: each inspector once' });
    if (errors.length > 0) throw new FieldValidationProblem(errors);

    const planId = randomUUID();
    const seed = dto.seed ?? randomBytes(16).toString('hex');
    const multipliers = { ...this.config.inspectionGradeMultipliers };
    const meta = commandMetaOf(ctx.principal, ctx.correlationId, null);
    const data = await this.store.transaction(async (tx) => {
      const { ruleVersion, grades } = await this.grading.samplingGrades(tx.manager, subjects.map((s) => s.subjectKey), drawnOn, UNGRADED_SAMPLING_GRADE);
      const population = subjects.map((s) => ({ ...s, ...grades.get(s.subjectKey)! }));
      const sampled = drawPlan({ subjects: population, baseRatio: dto.baseRatio, multipliers, inspectors, seed });
      const plan: InspectionPlanDrawnV1 = {
        planId,
        department: { name: dto.department.name.trim(), code: departmentCode },
        seed,
        baseRatio: dto.baseRatio,
        multipliers,
        ratiosByGrade: sampled.ratiosByGrade,
        population: sampled.population,
        inspectors: [...inspectors].sort(),
        selected: sampled.selected.map(({ subject, inspectors: pair }) => ({
          subjectKey: subject.subjectKey,
          subjectCode: subject.displayCode,
          grade: subject.grade,
          graded: subject.graded,
          inspectors: pair,
        })),
        algorithm: SAMPLING_ALGORITHM,
        ruleVersion,
        drawnOn,
        ...(dto.inspectionDate !== undefined && { inspectionDate: dto.inspectionDate }),
      };
      await handleCommand(tx, inspectionPlanStream(planId), inspectionPlanDecider, { type: 'DrawPlan', data: plan }, meta);
      return plan;
    });
    return viewOf(data, new Map());
  }

  /** The plan as its department (or operations) reads it, with the results reported so far. */
  async get(planId: string, ctx: RequestContext): Promise<InspectionPlanView> {
    const state = await this.state(planId);
    if (!sameUnit(ctx.principal.departmentCode, state.plan.department.code) && !readsEveryUnit(ctx.principal)) {
      throw new ForbiddenProblem(`inspection plan ${planId} is ${state.plan.department.code}'s: only that department reads it`);
    }
    return viewOf(state.plan, state.results);
  }

  /**
   * The department reports what it found at each drawn subject; each result is recorded on the
   * subject's key and becomes a factor of its grade, recomputed in the same transaction. All or
   * nothing: one refused result refuses the request.
   */
  async recordResults(planId: string, dto: RecordInspectionResultsDto, ctx: RequestContext): Promise<InspectionPlanView> {
    const { plan } = await this.state(planId);
    assertSourceUnit(ctx.principal, plan.department.code);
    const errors: ProblemField[] = [];
    const seen = new Map<string, number>();
    const results: Array<{ subjectKey: string; displayCode: string; outcome: InspectionResultRecordedV1['outcome']; note: string }> = [];
    dto.results.forEach((result, i) => {
      const resolved = this.config.subjectIdentity.resolve(result.subjectCode);
      if (!resolved.ok) {
        errors.push({ field: `results.${i}.subjectCode`, message: 'must be a unified social credit code (GB 32100) or a citizen ID number (GB 11643) with a valid check character' });
        return;
      }
      const first = seen.get(resolved.subjectKey);
      if (first !== undefined) {
        errors.push({ field: `results.${i}.subjectCode`, message: `names the same subject as results.${first}: one result per subject` });
        return;
      }
      seen.set(resolved.subjectKey, i);
      results.push({ subjectKey: resolved.subjectKey, displayCode: resolved.maskedCode, outcome: result.outcome, note: result.note.trim() });
    });
    if (errors.length > 0) throw new FieldValidationProblem(errors);

    const reportedOn = todayInShanghai();
    await this.store.transaction(async (tx) => {
      for (const result of results) {
        const data: InspectionResultRecordedV1 = {
          planId,
          resultId: randomUUID(),
          subjectKey: result.subjectKey,
          subjectCode: result.displayCode,
          outcome: result.outcome,
          note: result.note,
          departmentCode: plan.department.code,
          reportedOn,
        };
        const meta = commandMetaOf(ctx.principal, ctx.correlationId, result.subjectKey);
        const { events } = await handleCommand(tx, inspectionPlanStream(planId), inspectionPlanDecider, { type: 'RecordResult', data }, meta);
        for (const event of events) {
          await upsertRecord(tx.manager, {
            kind: 'INSPECTION',
            recordId: data.resultId,
            subjectKey: result.subjectKey,
            source: event.type,
            eventId: event.id,
            category: data.outcome,
            active: true,
          });
          await this.grading.recompute(tx, result.subjectKey, toEnvelope(event));
        }
      }
    });
    return this.get(planId, ctx);
  }

  private async state(planId: string): Promise<Extract<InspectionPlanState, { status: 'DRAWN' }>> {
    const events = /^[0-9a-f-]{36}$/i.test(planId) ? await this.store.readStream(inspectionPlanStream(planId)) : [];
    const state = events.reduce((s, e) => inspectionPlanDecider.evolve(s, e as unknown as InspectionPlanEvent), inspectionPlanDecider.initialState());
    if (state.status !== 'DRAWN') throw new NotFoundProblem(`no inspection plan ${planId}`);
    return state;
  }
}

function viewOf(plan: InspectionPlanDrawnV1, results: ReadonlyMap<string, InspectionResultRecordedV1>): InspectionPlanView {
  return {
    id: plan.planId,
    department: plan.department,
    seed: plan.seed,
    baseRatio: plan.baseRatio,
    ratiosByGrade: plan.ratiosByGrade,
    population: plan.population,
    algorithm: plan.algorithm,
    ruleVersion: plan.ruleVersion,
    drawnOn: plan.drawnOn,
    inspectionDate: inspectionPlanDate(plan),
    publicFrom: inspectionPlanPublicFrom(plan),
    selected: plan.selected.map((s) => {
      const result = results.get(s.subjectKey);
      return {
        subjectCode: s.subjectCode,
        grade: s.grade,
        graded: s.graded,
        inspectors: s.inspectors,
        result: result ? { outcome: result.outcome, note: result.note, reportedOn: result.reportedOn } : null,
      };
    }),
  };
}
