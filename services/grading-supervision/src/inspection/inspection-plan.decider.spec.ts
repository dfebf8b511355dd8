import type { InspectionPlanDrawnV1, InspectionResultRecordedV1 } from '@credit/contracts';
import { DomainRuleError, StateConflictError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { inspectionPlanDecider, type InspectionPlanEvent } from './inspection-plan.decider';

const DEPARTMENT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };
const plan: InspectionPlanDrawnV1 = {
  planId: 'p-1',
  department: DEPARTMENT,
  seed: 'seed',
  baseRatio: 0.5,
  multipliers: { A: 0.5, B: 1, C: 2, D: 4 },
  ratiosByGrade: { A: 0.25, B: 0.5, C: 1, D: 1 },
  population: { A: 0, B: 2, C: 0, D: 0 },
  inspectors: ['甲', '乙'],
  selected: [{ subjectKey: '91450100MA5K12347C', subjectCode: '91450100MA5K12347C', grade: 'B', graded: false, inspectors: ['乙', '甲'] }],
  algorithm: 'sha256-ctr-fy-v1',
  ruleVersion: 1,
  drawnOn: '2026-12-07',
};
const result = (subjectKey: string, outcome: InspectionResultRecordedV1['outcome'] = 'PROBLEM_FOUND'): InspectionResultRecordedV1 => ({
  planId: 'p-1',
  resultId: `r-${subjectKey}`,
  subjectKey,
  subjectCode: subjectKey,
  outcome,
  note: '未按规定公示年度报告',
  departmentCode: DEPARTMENT.code,
  reportedOn: '2026-12-08',
});
const drawn: InspectionPlanEvent = { type: 'grading-supervision.inspection-plan-drawn', data: plan };
const spec = deciderSpec(inspectionPlanDecider);

describe('inspection plan decider', () => {
  it('draws a plan once', () => {
    spec.given([]).when({ type: 'DrawPlan', data: plan }).then([drawn]);
    spec.given([drawn]).when({ type: 'DrawPlan', data: plan }).thenThrows(StateConflictError, 'inspection-plan.drawn');
  });

  it('records the result of a drawn subject once: a second report conflicts (409)', () => {
    const recorded = spec.given([drawn]).when({ type: 'RecordResult', data: result('91450100MA5K12347C') }).events();
    expect(recorded).toEqual([{ type: 'grading-supervision.inspection-result-recorded', data: result('91450100MA5K12347C') }]);
    spec
      .given([drawn, ...recorded])
      .when({ type: 'RecordResult', data: result('91450100MA5K12347C', 'NO_PROBLEM') })
      .thenThrows(StateConflictError, 'inspection-plan.result-reported');
  });

  it('refuses a result for a subject the plan did not draw (422)', () => {
    spec.given([drawn]).when({ type: 'RecordResult', data: result('91450100MA5K1235XX') }).thenThrows(DomainRuleError, 'inspection-plan.subject-not-selected');
  });

  it('refuses a result before any plan', () => {
    spec.given([]).when({ type: 'RecordResult', data: result('91450100MA5K12347C') }).thenThrows(StateConflictError, 'inspection-plan.not-drawn');
  });
});
