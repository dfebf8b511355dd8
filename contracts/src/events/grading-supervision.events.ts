/**
 * Events of grading-supervision (分级分类监管, domain.md §7): the subject's public credit
 * evaluation recomputed after each change to its record, explained by its contributing records.
 * On the subject topic, stream `grade-<subjectKey>`.
 */
import { EVENT_TYPE_PATTERN, USCC_SHAPE, dateSchema, textWithoutIdNumber } from '../json-schema';
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
  /** The scoring rule version that computed it (absent on grades computed before rules were versioned: version 1). */
  ruleVersion?: number;
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
      ruleVersion: { type: 'integer', minimum: 1 },
    },
  },
});

/** The sampling grade of each grade: the share of that grade's subjects drawn (0..1). */
export type RatiosByGrade = Record<CreditGrade, number>;

export interface InspectionPlanSubject {
  /** Subject key of the drawn subject (the USCC; a keyed HMAC for a natural person). */
  subjectKey: string;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  /** The grade it was sampled under (B for a subject never graded). */
  grade: CreditGrade;
  /** False when the platform had never graded the subject (sampled as B). */
  graded: boolean;
  /** The two inspectors drawn for it. */
  inspectors: [string, string];
}

export interface InspectionPlanDrawnV1 {
  planId: string;
  department: { name: string; code: string };
  /** The seed the draw is reproducible from (the caller's, or one generated when none was given). */
  seed: string;
  baseRatio: number;
  /** Multiplier of the base ratio per grade (domain.md §7 defaults A 0.5, B 1, C 2, D 4). */
  multipliers: Record<CreditGrade, number>;
  ratiosByGrade: RatiosByGrade;
  /** Subjects in the population per grade, and how many of each were drawn. */
  population: Record<CreditGrade, number>;
  inspectors: string[];
  selected: InspectionPlanSubject[];
  /** Version of the sampling algorithm (README, "Grading and 双随机 inspection plans"). */
  algorithm: string;
  /** Scoring rule version the grades come from. */
  ruleVersion: number;
  drawnOn: string;
  /**
   * The day the inspections start (the plan's date); the draw day when absent. The credit website
   * publishes the plan (一公开) from the day after it (credit-rules `inspectionPlanPublicFrom`).
   */
  inspectionDate?: string;
}

const gradeNumbers = (minimum: number, maximum?: number) => ({
  type: 'object',
  additionalProperties: false,
  required: [...CREDIT_GRADES],
  properties: Object.fromEntries(CREDIT_GRADES.map((g) => [g, { type: 'number', minimum, ...(maximum !== undefined && { maximum }) }])),
});

const inspectorName = textWithoutIdNumber('An inspector (执法检查人员) of the department, by name or badge number.', 64, 'line');

export const inspectionPlanDrawnV1 = defineEvent<InspectionPlanDrawnV1>({
  type: 'grading-supervision.inspection-plan-drawn',
  version: 1,
  topic: 'reference',
  description:
    'A department drew a 双随机 inspection plan (双随机、一公开, domain.md §7): subjects sampled by grade at the ratio of ' +
    'their grade, two inspectors drawn for each; reproducible from the seed. Stream `inspection-plan-<planId>`.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['planId', 'department', 'seed', 'baseRatio', 'multipliers', 'ratiosByGrade', 'population', 'inspectors', 'selected', 'algorithm', 'ruleVersion', 'drawnOn'],
    properties: {
      planId: { type: 'string', minLength: 1, maxLength: 64 },
      department: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'code'],
        properties: { name: textWithoutIdNumber('Name of the department.', 200, 'name'), code: { type: 'string', pattern: USCC_SHAPE } },
      },
      seed: { type: 'string', minLength: 1, maxLength: 128 },
      baseRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      multipliers: gradeNumbers(0),
      ratiosByGrade: gradeNumbers(0, 1),
      population: gradeNumbers(0),
      inspectors: { type: 'array', minItems: 2, maxItems: 500, items: inspectorName },
      selected: {
        type: 'array',
        maxItems: 2000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['subjectKey', 'subjectCode', 'grade', 'graded', 'inspectors'],
          properties: {
            subjectKey: { type: 'string', minLength: 1, maxLength: 128 },
            subjectCode: { type: 'string', minLength: 1, maxLength: 32, description: 'The USCC as is; for natural persons the masked ID number.' },
            grade: { type: 'string', enum: CREDIT_GRADES },
            graded: { type: 'boolean' },
            inspectors: { type: 'array', minItems: 2, maxItems: 2, items: inspectorName },
          },
        },
      },
      algorithm: { type: 'string', minLength: 1, maxLength: 64 },
      ruleVersion: { type: 'integer', minimum: 1 },
      drawnOn: dateSchema('Day of the draw (Asia/Shanghai).'),
      inspectionDate: dateSchema('Day the inspections start (the plan date); the draw day when absent. Published on the credit website from the next day.'),
    },
  },
});

export type InspectionOutcome = 'NO_PROBLEM' | 'PROBLEM_FOUND' | 'NOT_FOUND';
export const INSPECTION_OUTCOMES: readonly InspectionOutcome[] = ['NO_PROBLEM', 'PROBLEM_FOUND', 'NOT_FOUND'];

export interface InspectionResultRecordedV1 {
  planId: string;
  /** Id of this result: the grading record it becomes. */
  resultId: string;
  /** Subject key of the inspected subject (as in the plan's selection; also the envelope's). */
  subjectKey: string;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  outcome: InspectionOutcome;
  note: string;
  departmentCode: string;
  reportedOn: string;
}

export const inspectionResultRecordedV1 = defineEvent<InspectionResultRecordedV1>({
  type: 'grading-supervision.inspection-result-recorded',
  version: 1,
  topic: 'subject',
  description:
    "The department reported the outcome of its inspection of a subject drawn in its 双随机 plan (抽查结果); the " +
    "result becomes a factor of the subject's grade (scoring rule). Stream `inspection-plan-<planId>`, keyed by the subject.",
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['planId', 'resultId', 'subjectKey', 'subjectCode', 'outcome', 'note', 'departmentCode', 'reportedOn'],
    properties: {
      planId: { type: 'string', minLength: 1, maxLength: 64 },
      resultId: { type: 'string', minLength: 1, maxLength: 64 },
      subjectKey: { type: 'string', minLength: 1, maxLength: 128 },
      subjectCode: { type: 'string', minLength: 1, maxLength: 32, description: 'The USCC as is; for natural persons the masked ID number.' },
      outcome: { type: 'string', enum: INSPECTION_OUTCOMES },
      note: textWithoutIdNumber('What the inspection found.', 2000),
      departmentCode: { type: 'string', pattern: USCC_SHAPE },
      reportedOn: dateSchema('Day the result was reported (Asia/Shanghai).'),
    },
  },
});

export interface ScoringRuleWeightsV1 {
  penalty: { GENERAL: number; SERIOUS: number };
  listEntry: { BLACK: number; RED: number };
  commitment: { BREACHED: number; FALSE: number };
  inspection: Record<InspectionOutcome, number>;
  /** Points of a valid industry evaluation (行业信用评价) by its grade; version 1's when absent. */
  industryEvaluation?: Record<CreditGrade, number>;
  thresholds: { A: number; B: number; C: number };
}

export interface ScoringRuleDefinedV1 {
  version: number;
  effectiveFrom: string;
  weights: ScoringRuleWeightsV1;
  reason: string;
}

const points = (...keys: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: keys,
  properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer', minimum: -100, maximum: 100 }])),
});

export const scoringRuleDefinedV1 = defineEvent<ScoringRuleDefinedV1>({
  type: 'grading-supervision.scoring-rule-defined',
  version: 1,
  topic: 'reference',
  description:
    'The credit office defined a new version of the scoring rule (weights and grade thresholds), grading from its ' +
    'effective date on (never before the day it was defined). Stream `scoring-rules`.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['version', 'effectiveFrom', 'weights', 'reason'],
    properties: {
      version: { type: 'integer', minimum: 2 },
      effectiveFrom: dateSchema('First day the version grades (Asia/Shanghai).'),
      weights: {
        type: 'object',
        additionalProperties: false,
        required: ['penalty', 'listEntry', 'commitment', 'inspection', 'thresholds'],
        properties: {
          penalty: points('GENERAL', 'SERIOUS'),
          listEntry: points('BLACK', 'RED'),
          commitment: points('BREACHED', 'FALSE'),
          inspection: points(...INSPECTION_OUTCOMES),
          industryEvaluation: points(...CREDIT_GRADES),
          thresholds: points('A', 'B', 'C'),
        },
      },
      reason: textWithoutIdNumber('Why the rule changes (document, decision).', 2000),
    },
  },
});

export interface IndustryEvaluationRecordedV1 {
  evaluationId: string;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  department: { name: string; code: string };
  industry: string;
  grade: CreditGrade;
  /** Last day the evaluation counts (inclusive). */
  validUntil: string;
  basis: string;
  /** The department's earlier evaluation of the subject in the industry, which this one replaces. */
  supersedes?: string;
  recordedOn: string;
}

export const industryEvaluationRecordedV1 = defineEvent<IndustryEvaluationRecordedV1>({
  type: 'grading-supervision.industry-evaluation-recorded',
  version: 1,
  topic: 'subject',
  description:
    "An industry department recorded its credit evaluation (行业信用评价) of a subject, graded A–D and valid until a day; " +
    "it counts in the subject's grade by the scoring rule while valid and replaces the department's earlier evaluation " +
    'of the subject in the same industry.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['evaluationId', 'subjectCode', 'department', 'industry', 'grade', 'validUntil', 'basis', 'recordedOn'],
    properties: {
      evaluationId: { type: 'string', minLength: 1, maxLength: 64 },
      subjectCode: { type: 'string', minLength: 1, maxLength: 32, description: 'The USCC as is; for natural persons the masked ID number.' },
      department: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'code'],
        properties: { name: textWithoutIdNumber('Name of the department.', 200, 'name'), code: { type: 'string', pattern: USCC_SHAPE } },
      },
      industry: textWithoutIdNumber('The industry evaluated in (e.g. 建筑业, 道路运输).', 100, 'name'),
      grade: { type: 'string', enum: CREDIT_GRADES },
      validUntil: dateSchema('Last day the evaluation counts (inclusive).'),
      basis: textWithoutIdNumber('The evaluation method or document it rests on.', 2000),
      supersedes: { type: 'string', minLength: 1, maxLength: 64 },
      recordedOn: dateSchema('Day it was recorded (Asia/Shanghai).'),
    },
  },
});

export const gradingSupervisionCatalog: EventCatalog = {
  events: [gradeRecomputedV1, inspectionPlanDrawnV1, inspectionResultRecordedV1, scoringRuleDefinedV1, industryEvaluationRecordedV1],
};
