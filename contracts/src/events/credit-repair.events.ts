/**
 * Events of credit-repair (信用修复). A repair application's id travels as the correlationId of
 * every event of the repair, in every service, so credit-repair can follow each effect.
 */
import {
  calendarBasisSchema,
  DEADLINE_RECOMPUTED_REQUIRED,
  deadlineRecomputedProperties,
  type CalendarBasisData,
  type DeadlineRecomputedData,
  CITIZEN_ID_NUMBER_INSIDE,
  JsonSchema, MASKED_CITIZEN_ID_NUMBER, REFUSAL_KEYWORD, USCC_SHAPE, dateSchema, textWithoutIdNumber, timestampSchema } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

/** The services whose effects a repair waits for, and the effect of each (architecture.md, "The repair, end to end" 3–4). */
export type RepairEffectService = 'double-publicity' | 'joint-punishment' | 'grading-supervision' | 'national-connector' | 'credit-portal';
export const REPAIR_EFFECT_SERVICES: readonly RepairEffectService[] = [
  'double-publicity',
  'joint-punishment',
  'grading-supervision',
  'national-connector',
  'credit-portal',
];
export type RepairEffectName =
  | 'publicity-withdrawn'
  | 'list-entries-exited'
  | 'grade-recomputed'
  | 'delivered-credit-china'
  | 'delivered-enterprise-publicity'
  | 'website-cleared';
export const REPAIR_EFFECT_NAMES: readonly RepairEffectName[] = [
  'publicity-withdrawn',
  'list-entries-exited',
  'grade-recomputed',
  'delivered-credit-china',
  'delivered-enterprise-publicity',
  'website-cleared',
];

/** What a repair clears: a penalty record's publicity, or a list entry (严重失信主体名单). */
export type RepairTargetType = 'PENALTY' | 'LIST_ENTRY';

export interface RepairApprovedV1 {
  applicationId: string;
  target: { type: RepairTargetType; id: string };
  /** `YYYY-MM-DD`: the date the deciding unit approved the repair. */
  decidedOn: string;
  reason: string;
  /** Department that decided (谁认定、谁修复). */
  decidingUnitCode: string;
  /**
   * Added to v1 compatibly (optional): the effects the repair waits for, as decided at approval.
   * Absent on earlier approvals, which waited for every effect but the website's.
   */
  effects?: { service: RepairEffectService; effect: RepairEffectName }[];
}

/** A repair's target as every event about the repair names it. */
export const REPAIR_TARGET_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'id'],
  properties: {
    type: { type: 'string', enum: ['PENALTY', 'LIST_ENTRY'] },
    id: { type: 'string', minLength: 1, maxLength: 64 },
  },
};

export const repairApprovedV1 = defineEvent<RepairApprovedV1>({
  type: 'credit-repair.repair-approved',
  version: 1,
  topic: 'subject',
  description:
    'A repair application was approved. double-publicity withdraws the penalty from publicity, joint-punishment exits ' +
    'the list entries based on it and lifts their measures, grading-supervision recomputes the grade, national-connector ' +
    'reports the result upstream; each acknowledges with this correlationId (the application id).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'target', 'decidedOn', 'reason', 'decidingUnitCode'],
    properties: {
      applicationId: { type: 'string', minLength: 1, maxLength: 64 },
      target: REPAIR_TARGET_SCHEMA,
      decidedOn: dateSchema('Date of the approval (Asia/Shanghai).'),
      reason: textWithoutIdNumber('Why the repair was approved.', 2000),
      decidingUnitCode: { type: 'string', minLength: 1, maxLength: 32 },
      effects: {
        type: 'array',
        description: 'The effects the repair waits for (added to v1 compatibly).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['service', 'effect'],
          properties: {
            service: { type: 'string', enum: [...REPAIR_EFFECT_SERVICES] },
            effect: { type: 'string', enum: [...REPAIR_EFFECT_NAMES] },
          },
        },
      },
    },
  },
});

export interface RepairEvidence {
  kind: string;
  description: string;
}

export interface RepairAppliedV1 {
  applicationId: string;
  /** The USCC; null for a natural person (named by the envelope subject key and the masked code). */
  subjectCode: string | null;
  /** The USCC as is, or the masked citizen ID number. */
  maskedCode: string;
  target: { type: RepairTargetType; id: string };
  /** The 信用修复型 commitment the application rests on. */
  commitmentId: string;
  evidence: RepairEvidence[];
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  appliedOn: string;
  /** End of the 3rd working day after `appliedOn`: the deadline for handling and feedback (domain.md §4). */
  dueBy: string;
  /** Added to v1 compatibly (optional): the calendar `dueBy` was computed on, per year it spans. */
  calendar?: CalendarBasisData[];
}

/** An undecided application's due time recomputed because a year's calendar was published. */
export interface RepairDueDateRecomputedV1 extends DeadlineRecomputedData {
  applicationId: string;
}

export interface RepairRejectedV1 {
  applicationId: string;
  decidedOn: string;
  reason: string;
  decidingUnitCode: string;
}

export interface RepairEffectConfirmedV1 {
  applicationId: string;
  service: RepairEffectService;
  effect: RepairEffectName;
  /** Id of the event that confirmed the effect. */
  confirmedBy: string;
  /** When the confirming event was recorded. */
  at: string;
}

export interface RepairCompletedV1 {
  applicationId: string;
  completedAt: string;
}

export interface RepairEffectFailedV1 {
  applicationId: string;
  service: RepairEffectService;
  effect: RepairEffectName;
  /** Id of the event that reported the failure. */
  failedBy: string;
  /** When the failing event was recorded. */
  at: string;
  /** What the other side answered (no personal data). */
  error: string;
}

export interface RepairEffectOverdueV1 {
  applicationId: string;
  service: RepairEffectService;
  effect: RepairEffectName;
  deadline: string;
}

/** Eighteen digits fit the USCC shape too: a clear citizen ID number must not pass as a code. */
const NOT_A_CLEAR_ID_NUMBER: JsonSchema = {
  not: { type: 'string', pattern: CITIZEN_ID_NUMBER_INSIDE },
  [REFUSAL_KEYWORD]: 'must not be a clear citizen ID number (use the masked form; the subject key names the person)',
};
const APPLICATION_ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const UNIT_CODE: JsonSchema = { type: 'string', minLength: 1, maxLength: 32 };
const EFFECT_PROPERTIES = {
  applicationId: APPLICATION_ID,
  service: { type: 'string', enum: REPAIR_EFFECT_SERVICES },
  effect: { type: 'string', enum: REPAIR_EFFECT_NAMES },
};

export const repairAppliedV1 = defineEvent<RepairAppliedV1>({
  type: 'credit-repair.repair-applied',
  version: 1,
  topic: 'subject',
  description:
    'A subject applied for credit repair of a penalty record in publicity or a list entry; eligibility (minimum publicity ' +
    'period elapsed, 信用修复型 commitment signed) was checked. correlationId = the application id.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'subjectCode', 'maskedCode', 'target', 'commitmentId', 'evidence', 'appliedOn', 'dueBy'],
    properties: {
      applicationId: APPLICATION_ID,
      subjectCode: {
        type: ['string', 'null'],
        pattern: USCC_SHAPE,
        description: 'The USCC; null for a natural person.',
        ...NOT_A_CLEAR_ID_NUMBER,
      },
      maskedCode: {
        type: 'string',
        anyOf: [{ pattern: USCC_SHAPE }, { pattern: MASKED_CITIZEN_ID_NUMBER }],
        description: 'The USCC as is, or the masked citizen ID number.',
        ...NOT_A_CLEAR_ID_NUMBER,
      },
      target: REPAIR_TARGET_SCHEMA,
      commitmentId: { type: 'string', minLength: 1, maxLength: 64 },
      evidence: {
        type: 'array',
        maxItems: 50,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'description'],
          properties: {
            kind: textWithoutIdNumber('Kind of evidence, e.g. proof the fine was paid.', 100),
            description: textWithoutIdNumber('What the evidence shows.', 2000),
          },
        },
      },
      appliedOn: dateSchema('Date of the application (Asia/Shanghai).'),
      dueBy: timestampSchema('End of the 3rd working day after the application date.'),
      calendar: calendarBasisSchema('The calendar `dueBy` was computed on (added to v1 compatibly).'),
    },
  },
});

export const repairDueDateRecomputedV1 = defineEvent<RepairDueDateRecomputedV1>({
  type: 'credit-repair.repair-due-date-recomputed',
  version: 1,
  topic: 'subject',
  description:
    "An undecided repair application's due time (3 working days) was recomputed after a year's working-day schedule was " +
    'published: the previous and the new due time, the calendar, and whether it moved earlier than what the applicant was told.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', ...DEADLINE_RECOMPUTED_REQUIRED],
    properties: {
      applicationId: { type: 'string', format: 'uuid' },
      ...deadlineRecomputedProperties('due time'),
    },
  },
});

export const repairRejectedV1 = defineEvent<RepairRejectedV1>({
  type: 'credit-repair.repair-rejected',
  version: 1,
  topic: 'subject',
  description: 'The deciding unit rejected the repair application; nothing is withdrawn or lifted.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'decidedOn', 'reason', 'decidingUnitCode'],
    properties: {
      applicationId: APPLICATION_ID,
      decidedOn: dateSchema('Date of the rejection (Asia/Shanghai).'),
      reason: textWithoutIdNumber('Why the repair was rejected.', 2000),
      decidingUnitCode: UNIT_CODE,
    },
  },
});

export const repairEffectConfirmedV1 = defineEvent<RepairEffectConfirmedV1>({
  type: 'credit-repair.repair-effect-confirmed',
  version: 1,
  topic: 'subject',
  description: 'An effect the approved repair waits for was confirmed by the acknowledging event of its service (causationId = that event).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'service', 'effect', 'confirmedBy', 'at'],
    properties: {
      ...EFFECT_PROPERTIES,
      confirmedBy: { type: 'string', minLength: 1, maxLength: 64, description: 'Id of the confirming event.' },
      at: timestampSchema('When the confirming event was recorded.'),
    },
  },
});

export const repairCompletedV1 = defineEvent<RepairCompletedV1>({
  type: 'credit-repair.repair-completed',
  version: 1,
  topic: 'subject',
  description: 'Every effect of the approved repair is confirmed: the application is COMPLETED.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'completedAt'],
    properties: { applicationId: APPLICATION_ID, completedAt: timestampSchema('When the last effect was confirmed.') },
  },
});

export const repairEffectFailedV1 = defineEvent<RepairEffectFailedV1>({
  type: 'credit-repair.repair-effect-failed',
  version: 1,
  topic: 'subject',
  description:
    'An effect of an approved repair failed where it is carried out (a national platform refused the delivery): the effect shows FAILED ' +
    'until operations fix the cause and a later acknowledgement confirms it. causationId = the failing event.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'service', 'effect', 'failedBy', 'at', 'error'],
    properties: {
      ...EFFECT_PROPERTIES,
      failedBy: { type: 'string', minLength: 1, maxLength: 64, description: 'Id of the event that reported the failure.' },
      at: timestampSchema('When the failing event was recorded.'),
      error: textWithoutIdNumber('What the other side answered.', 2000),
    },
  },
});

export const repairEffectOverdueV1 = defineEvent<RepairEffectOverdueV1>({
  type: 'credit-repair.repair-effect-overdue',
  version: 1,
  topic: 'subject',
  description: 'Alert: an effect of an approved repair was not confirmed by its deadline. Emitted once per effect.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'service', 'effect', 'deadline'],
    properties: { ...EFFECT_PROPERTIES, deadline: timestampSchema('When the effect was due.') },
  },
});

export const creditRepairCatalog: EventCatalog = {
  events: [repairAppliedV1, repairDueDateRecomputedV1, repairApprovedV1, repairRejectedV1, repairEffectConfirmedV1, repairCompletedV1, repairEffectFailedV1, repairEffectOverdueV1],
};
