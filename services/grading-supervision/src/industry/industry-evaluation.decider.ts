/**
 * A department's industry credit evaluation (行业信用评价) of a subject, one stream per department,
 * industry and subject: the latest evaluation replaces the earlier one (it names what it supersedes),
 * and counts in the subject's grade by the scoring rule while valid. Pure: codes arrive checked.
 */
import type { IndustryEvaluationRecordedV1 } from '@credit/contracts';
import { DomainRuleError } from '@credit/credit-rules';
import type { Decider } from '@credit/event-store';
import { createHash } from 'node:crypto';

export type IndustryEvaluationEvent = { type: 'grading-supervision.industry-evaluation-recorded'; data: IndustryEvaluationRecordedV1 };
export type IndustryEvaluationCommand = { type: 'RecordEvaluation'; data: Omit<IndustryEvaluationRecordedV1, 'supersedes'> };
export interface IndustryEvaluationState {
  current: IndustryEvaluationRecordedV1 | null;
}

const sameEvaluation = (a: Omit<IndustryEvaluationRecordedV1, 'supersedes'>, b: IndustryEvaluationRecordedV1): boolean =>
  a.grade === b.grade && a.validUntil === b.validUntil && a.basis === b.basis;

export const industryEvaluationDecider: Decider<IndustryEvaluationCommand, IndustryEvaluationEvent, IndustryEvaluationState> = {
  initialState: () => ({ current: null }),

  decide(command, state) {
    const evaluation = command.data;
    if (evaluation.validUntil < evaluation.recordedOn) {
      throw new DomainRuleError(
        `an industry evaluation counts only while valid: validUntil ${evaluation.validUntil} is before today (${evaluation.recordedOn})`,
        { rule: 'industry-evaluation.expired' },
      );
    }
    // The same evaluation again (a retried request) adds nothing.
    if (state.current && sameEvaluation(evaluation, state.current)) return [];
    return [
      {
        type: 'grading-supervision.industry-evaluation-recorded',
        data: { ...evaluation, ...(state.current && { supersedes: state.current.evaluationId }) },
      },
    ];
  },

  evolve(state, event) {
    return event.type === 'grading-supervision.industry-evaluation-recorded' ? { current: event.data } : state;
  },
};

/** The industry is free text: the stream names it by a digest. */
export const industryEvaluationStream = (departmentCode: string, industry: string, subjectKey: string): string =>
  `industry-evaluation-${departmentCode}-${createHash('sha256').update(industry, 'utf8').digest('hex').slice(0, 16)}-${subjectKey}`;
