/**
 * Events of grading-supervision (分级分类监管, domain.md §7): the subject's public credit
 * evaluation recomputed after each change to its record, explained by its contributing records.
 * On the subject topic, stream `grade-<subjectKey>`.
 */
import { EVENT_TYPE_PATTERN } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

/** A: low risk, B: general, C: higher, D: high risk. */
export type CreditGrade = 'A' | 'B' | 'C' | 'D';
export const CREDIT_GRADES: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];

export interface GradeFactor {
  /** The event type the contributing record comes from, e.g. `double-publicity.penalty-published`. */
  source: string;
  /** The contributing record (penalty id, list entry id, commitment id). */
  recordId: string;
  /** Points it adds to (positive) or takes from (negative) the score. */
  effect: number;
}

export interface GradeRecomputedV1 {
  score: number;
  grade: CreditGrade;
  previousGrade: CreditGrade | null;
  factors: GradeFactor[];
  /** Id of the change event that caused the recomputation (also the envelope's causationId). */
  triggerEventId: string;
  triggerType: string;
}

export const gradeRecomputedV1 = defineEvent<GradeRecomputedV1>({
  type: 'grading-supervision.grade-recomputed',
  version: 1,
  topic: 'subject',
  description:
    "The subject's score and grade were recomputed after a change event of its record (published or withdrawn " +
    'penalty, list entry created or exited, repair effects completed, commitment fulfilment); emitted for every ' +
    'such event, also when the grade did not change. Carries the trigger correlationId.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['score', 'grade', 'previousGrade', 'factors', 'triggerEventId', 'triggerType'],
    properties: {
      score: { type: 'number', minimum: 0, maximum: 100 },
      grade: { type: 'string', enum: CREDIT_GRADES },
      previousGrade: { type: ['string', 'null'], enum: [...CREDIT_GRADES, null] },
      factors: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['source', 'recordId', 'effect'],
          properties: {
            source: { type: 'string', pattern: EVENT_TYPE_PATTERN },
            recordId: { type: 'string', minLength: 1, maxLength: 64 },
            effect: { type: 'number' },
          },
        },
      },
      triggerEventId: { type: 'string', minLength: 1, maxLength: 64 },
      triggerType: { type: 'string', pattern: EVENT_TYPE_PATTERN },
    },
  },
});

export const gradingSupervisionCatalog: EventCatalog = { events: [gradeRecomputedV1] };
