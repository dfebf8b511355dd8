/**
 * The subject's grade history (分级分类监管), stream `grade-<subjectKey>`: one grade-recomputed
 * per change event of the subject, also when the grade stays the same, so that a follower (the
 * repair flow) can tell its change was taken into account. Pure: no Nest, no I/O.
 */
import type { CreditGrade, GradeRecomputedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import type { Evaluation } from './scoring.rules';

export type GradeEvent = { type: 'grading-supervision.grade-recomputed'; data: GradeRecomputedV1 };
export type GradeCommand = { type: 'RecomputeGrade'; data: { evaluation: Evaluation; triggerEventId: string; triggerType: string } };
export interface GradeState {
  grade: CreditGrade | null;
  /** Triggers already answered: a redelivered or replayed change event adds nothing. */
  triggers: ReadonlySet<string>;
}

export const gradeDecider: Decider<GradeCommand, GradeEvent, GradeState> = {
  initialState: () => ({ grade: null, triggers: new Set() }),

  decide(command, state) {
    const { evaluation, triggerEventId, triggerType } = command.data;
    if (state.triggers.has(triggerEventId)) return [];
    return [
      {
        type: 'grading-supervision.grade-recomputed',
        data: {
          score: evaluation.score,
          grade: evaluation.grade,
          previousGrade: state.grade,
          factors: evaluation.factors.map(({ source, recordId, effect }) => ({ source, recordId, effect })),
          triggerEventId,
          triggerType,
          ruleVersion: evaluation.ruleVersion,
        },
      },
    ];
  },

  evolve(state, event) {
    if (event.type !== 'grading-supervision.grade-recomputed') return state;
    return { grade: event.data.grade, triggers: new Set([...state.triggers, event.data.triggerEventId]) };
  },
};

export const gradeStream = (subjectKey: string): string => `grade-${subjectKey}`;
