/**
 * A department's 双随机 inspection plan (双随机、一公开, domain.md §7), stream
 * `inspection-plan-<planId>`: drawn once (reference data), then one result per drawn subject, each
 * on the subject's key so that it reaches the subject topic and counts in the subject's grade.
 * Pure: the draw itself is inspection-sampling.rules; codes arrive resolved.
 */
import type { InspectionPlanDrawnV1, InspectionResultRecordedV1 } from '@credit/contracts';
import { DomainRuleError, StateConflictError } from '@credit/credit-rules';
import type { Decider } from '@credit/event-store';

export type InspectionPlanEvent =
  | { type: 'grading-supervision.inspection-plan-drawn'; data: InspectionPlanDrawnV1 }
  | { type: 'grading-supervision.inspection-result-recorded'; data: InspectionResultRecordedV1 };

export type InspectionPlanCommand =
  | { type: 'DrawPlan'; data: InspectionPlanDrawnV1 }
  | { type: 'RecordResult'; data: InspectionResultRecordedV1 };

export type InspectionPlanState =
  | { status: 'NONE' }
  | { status: 'DRAWN'; plan: InspectionPlanDrawnV1; results: ReadonlyMap<string, InspectionResultRecordedV1> };

export const inspectionPlanDecider: Decider<InspectionPlanCommand, InspectionPlanEvent, InspectionPlanState> = {
  initialState: () => ({ status: 'NONE' }),

  decide(command, state) {
    switch (command.type) {
      case 'DrawPlan':
        if (state.status !== 'NONE') throw new StateConflictError(`inspection plan ${command.data.planId} is already drawn`, { rule: 'inspection-plan.drawn' });
        return [{ type: 'grading-supervision.inspection-plan-drawn', data: command.data }];
      case 'RecordResult': {
        const result = command.data;
        if (state.status === 'NONE') throw new StateConflictError(`inspection plan ${result.planId} is not drawn`, { rule: 'inspection-plan.not-drawn' });
        if (!state.plan.selected.some((s) => s.subjectKey === result.subjectKey)) {
          throw new DomainRuleError(
            `subject ${result.subjectCode} was not drawn in inspection plan ${result.planId}: results are reported only for the ` +
              'subjects the plan selected (双随机), never for others',
            { rule: 'inspection-plan.subject-not-selected' },
          );
        }
        const reported = state.results.get(result.subjectKey);
        if (reported) {
          throw new StateConflictError(
            `the result of subject ${result.subjectCode} in inspection plan ${result.planId} was already reported on ${reported.reportedOn} (${reported.outcome})`,
            { rule: 'inspection-plan.result-reported' },
          );
        }
        return [{ type: 'grading-supervision.inspection-result-recorded', data: result }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'grading-supervision.inspection-plan-drawn':
        return { status: 'DRAWN', plan: event.data, results: new Map() };
      case 'grading-supervision.inspection-result-recorded':
        if (state.status !== 'DRAWN') return state;
        return { ...state, results: new Map([...state.results, [event.data.subjectKey, event.data]]) };
      default:
        return state;
    }
  },
};

export const inspectionPlanStream = (planId: string): string => `inspection-plan-${planId}`;
