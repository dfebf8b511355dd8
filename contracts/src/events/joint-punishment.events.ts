/**
 * Events of joint-punishment (联合奖惩): the measure catalog (reference data, keyed by measure),
 * red and black list entries and the measures applied and lifted per linkage unit (联动单位),
 * keyed by the listed subject. The closed loop of domain.md §5: 认定发起 (list-entry-created) →
 * 响应实施 (measure-applied) → 修复退出 (list-entry-exited, measure-lifted).
 */
import {
  CITIZEN_ID_NUMBER_INSIDE,
  JsonSchema,
  MASKED_CITIZEN_ID_NUMBER,
  MONTH_SHAPE,
  REFUSAL_KEYWORD,
  USCC_SHAPE,
  dateSchema,
  textWithoutIdNumber,
  timestampSchema,
} from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

/** PUNISHMENT applies to the black list (严重失信), INCENTIVE to the red list (守信激励). */
export type MeasureKind = 'PUNISHMENT' | 'INCENTIVE';
export const MEASURE_KINDS: readonly MeasureKind[] = ['PUNISHMENT', 'INCENTIVE'];

export type ListKind = 'BLACK' | 'RED';
export const LIST_KINDS: readonly ListKind[] = ['BLACK', 'RED'];

/**
 * The workflows that embed the credit check (逢办必查, domain.md §5): a measure names the
 * scenarios where it bites, a check names the scenario it is made for.
 */
export const CREDIT_CHECK_SCENARIOS = [
  'GOVERNMENT_PROCUREMENT',
  'TENDERING',
  'ADMINISTRATIVE_LICENSING',
  'FISCAL_FUNDING',
  'HONOURS',
  'CIVIL_SERVANT_HIRING',
  'PUBLIC_RESOURCE_TRADING',
  'CREDIT_FINANCING',
  'HIGH_CONSUMPTION',
] as const;
export type CreditCheckScenario = (typeof CREDIT_CHECK_SCENARIOS)[number];

/** Why a list entry left the list, as version 1 of list-entry-exited knows it (a closed enum). */
export type ListExitTriggerV1 = 'DECISION' | 'REPAIR' | 'PUBLICITY_WITHDRAWN';
export const LIST_EXIT_TRIGGERS_V1: readonly ListExitTriggerV1[] = ['DECISION', 'REPAIR', 'PUBLICITY_WITHDRAWN'];
/** Why a list entry left the list; EXPIRY (its `validUntil` passed) since version 2 of list-entry-exited. */
export type ListExitTrigger = ListExitTriggerV1 | 'EXPIRY';
export const LIST_EXIT_TRIGGERS: readonly ListExitTrigger[] = [...LIST_EXIT_TRIGGERS_V1, 'EXPIRY'];

export interface MeasureDefinedV1 {
  code: string;
  name: string;
  kind: MeasureKind;
  appliesTo: ListKind;
  /** When set, the measure applies only to entries of this list category. */
  category?: string;
  /** USCC of each linkage unit that applies the measure. */
  unitCodes: string[];
  scenarios: CreditCheckScenario[];
  /** The law or regulation the measure rests on: a measure without one is refused (domain.md §5). */
  legalBasis: string;
}

/** Version 2: the catalog is versioned; each definition carries its version (1, 2, ...). */
export interface MeasureDefinedV2 extends MeasureDefinedV1 {
  /** 1 for the first definition of the code; each change of content defines the next version. */
  measureVersion: number;
}

export interface ListEntryCreatedV1 {
  listEntryId: string;
  /** The USCC of an organisation or individual business; null for a natural person. */
  subjectCode: string | null;
  /** The USCC as is, or the masked ID number (`450102********1238`) of a natural person. */
  maskedCode: string;
  list: ListKind;
  category: string;
  basis: { recordIds: string[]; document: string };
  initiatingUnit: { name: string; code: string };
  /** `YYYY-MM-DD`. */
  decidedOn: string;
  validUntil?: string;
}

export interface MeasureAppliedV1 {
  listEntryId: string;
  measureCode: string;
  unitCode: string;
}

/** Version 2: the version of the catalog measure the application was made under. */
export interface MeasureAppliedV2 extends MeasureAppliedV1 {
  measureVersion: number;
}

export interface ListEntryExitedV1 {
  listEntryId: string;
  trigger: ListExitTriggerV1;
  reason: string;
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  exitedOn: string;
  /** The repair application that caused the exit, when it was a repair. */
  repairApplicationId?: string;
}

/** Version 2: the trigger may also be EXPIRY; otherwise the same fields. */
export interface ListEntryExitedV2 extends Omit<ListEntryExitedV1, 'trigger'> {
  trigger: ListExitTrigger;
}

export type MeasureLiftedV1 = MeasureAppliedV1;

/** What a linkage unit reports about one measure of one entry (跟踪反馈, domain.md §5). */
export type MeasureExecutionOutcome = 'APPLIED' | 'NOT_APPLICABLE' | 'LIFTED';
export const MEASURE_EXECUTION_OUTCOMES: readonly MeasureExecutionOutcome[] = ['APPLIED', 'NOT_APPLICABLE', 'LIFTED'];

export interface MeasureExecutionReportedV1 {
  executionId: string;
  listEntryId: string;
  measureCode: string;
  /** USCC of the linkage unit reporting; it reports only on its own measures. */
  unitCode: string;
  outcome: MeasureExecutionOutcome;
  note?: string;
}

export interface RepairEffectsCompletedV1 {
  repairApplicationId: string;
  /** The list entries this repair took off the lists (empty: the repair concerned none). */
  listEntryIds: string[];
}

/** A list category of the catalog (名单类别), versioned: each change defines the next version. */
export interface ListCategoryDefinedV1 {
  code: string;
  name: string;
  list: ListKind;
  /** The law or regulation the list rests on. */
  legalBasis: string;
  /** Kinds of deciding units that may list subjects in the category (e.g. MARKET_REGULATION); absent: any. */
  decidingUnitKinds?: string[];
  /** Months in force before the subject may apply for removal (SAMR Order 44: 12). */
  earliestExitAfterMonths?: number;
  /** Months after which the entry leaves the list on its own (SAMR Order 44: 36). */
  autoExitAfterMonths?: number;
  categoryVersion: number;
}

/** A linkage unit of the catalog (联动单位), versioned like the list categories. */
export interface LinkageUnitDefinedV1 {
  /** USCC of the unit. */
  code: string;
  name: string;
  contact?: string;
  unitVersion: number;
}

export interface NominationDocument {
  name: string;
  number: string;
}

/** 认定发起: a deciding unit nominates a subject for a list; a reviewer decides. */
export interface NominationSubmittedV1 {
  nominationId: string;
  subjectCode: string | null;
  maskedCode: string;
  list: ListKind;
  category: string;
  basis: { recordIds: string[]; documents: NominationDocument[] };
  decidingUnit: { name: string; code: string };
  decidedOn: string;
  validUntil?: string;
  proposalId?: string;
  /** Who nominated: the reviewer must be someone else (four eyes). */
  submittedBy: { departmentCode: string; user: string };
}

export interface NominationReviewedV1 {
  nominationId: string;
  approved: boolean;
  note: string;
  /** The entry the approval put in force. */
  listEntryId?: string;
}

/** What the listed subject is told (告知): category, basis, the measures, and how to apply for repair. */
export interface SubjectNotifiedV1 {
  listEntryId: string;
  subjectCode: string | null;
  maskedCode: string;
  list: ListKind;
  category: string;
  categoryName: string;
  basis: { recordIds: string[]; document: string };
  decidedOn: string;
  validUntil?: string;
  measures: { measureCode: string; name: string; unitCode: string; legalBasis: string }[];
  repair: { earliestApplicationOn?: string; automaticExitOn?: string; howToApply: string };
}

export interface FeedbackFiguresV1 {
  measuresApplied: number;
  measuresLifted: number;
  executions: { APPLIED: number; NOT_APPLICABLE: number; LIFTED: number; total: number };
  coverage: { entries: number; covered: number; ratio: number | null };
}

/** The month's execution report (跟踪反馈) for the national joint reward-punishment system. */
export interface MonthlyFeedbackCompiledV1 {
  month: string;
  from: string;
  to: string;
  cityWide: FeedbackFiguresV1;
  units: (FeedbackFiguresV1 & { unitCode: string })[];
}

const MEASURE_CODE: JsonSchema = {
  type: 'string',
  pattern: '^[A-Z0-9][A-Z0-9_.-]{0,63}$',
  description: 'Code of the measure in the catalog (upper case letters, digits, `_`, `.`, `-`).',
};
const ENTITY_ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const UNIT_CODE: JsonSchema = { type: 'string', pattern: USCC_SHAPE, description: 'USCC of the linkage unit (联动单位).' };
const CATEGORY = (description: string) => textWithoutIdNumber(description, 100);
/**
 * Eighteen digits fit the USCC shape too: a clear citizen ID number must not pass as a code.
 * (`type: 'string'` inside the `not`, so that a null code is not refused.)
 */
const NOT_A_CLEAR_ID_NUMBER: JsonSchema = {
  not: { type: 'string', pattern: CITIZEN_ID_NUMBER_INSIDE },
  [REFUSAL_KEYWORD]: 'must not be a clear citizen ID number (use the masked form; the subject key names the person)',
};

const applicationSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['listEntryId', 'measureCode', 'unitCode'],
  properties: { listEntryId: ENTITY_ID, measureCode: MEASURE_CODE, unitCode: UNIT_CODE },
};

export const measureDefinedV1 = defineEvent<MeasureDefinedV1>({
  type: 'joint-punishment.measure-defined',
  version: 1,
  topic: 'reference',
  description:
    'A measure entered the catalog (national basic list or local supplement): which list it follows, which linkage ' +
    'units apply it, in which credit-check scenarios it bites, and its legal basis.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'name', 'kind', 'appliesTo', 'unitCodes', 'scenarios', 'legalBasis'],
    properties: {
      code: MEASURE_CODE,
      name: textWithoutIdNumber('Name of the measure.', 200),
      kind: { type: 'string', enum: MEASURE_KINDS },
      appliesTo: { type: 'string', enum: LIST_KINDS },
      category: CATEGORY('List category the measure is limited to.'),
      unitCodes: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: UNIT_CODE },
      scenarios: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: CREDIT_CHECK_SCENARIOS } },
      legalBasis: textWithoutIdNumber('Law or regulation the measure rests on.', 2000),
    },
  },
});

/**
 * Version 2: measures are versioned like the other catalogs. Posting a code again with changed
 * content defines the next version; v1 events (from before versioning) were all the first
 * definition of their code, so they upcast to measureVersion 1.
 */
export const measureDefinedV2 = defineEvent<MeasureDefinedV2>({
  type: 'joint-punishment.measure-defined',
  version: 2,
  topic: 'reference',
  description:
    'A measure entered the catalog (national basic list or local supplement), or its next version: which list it ' +
    'follows, which linkage units apply it, in which credit-check scenarios it bites, its legal basis and its version.',
  schema: {
    ...measureDefinedV1.schema,
    required: [...(measureDefinedV1.schema.required as string[]), 'measureVersion'],
    properties: { ...(measureDefinedV1.schema.properties as Record<string, JsonSchema>), measureVersion: { type: 'integer', minimum: 1 } },
  },
});

export const listEntryCreatedV1 = defineEvent<ListEntryCreatedV1>({
  type: 'joint-punishment.list-entry-created',
  version: 1,
  topic: 'subject',
  description:
    'A deciding unit put the subject on the black or red list (认定发起). The measures applied because of it follow ' +
    'as measure-applied events, one per measure and linkage unit.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['listEntryId', 'subjectCode', 'maskedCode', 'list', 'category', 'basis', 'initiatingUnit', 'decidedOn'],
    properties: {
      listEntryId: ENTITY_ID,
      subjectCode: {
        type: ['string', 'null'],
        pattern: USCC_SHAPE,
        description: 'The USCC; null for a natural person (named by the envelope subject key and the masked code).',
        ...NOT_A_CLEAR_ID_NUMBER,
      },
      maskedCode: {
        type: 'string',
        anyOf: [{ pattern: USCC_SHAPE }, { pattern: MASKED_CITIZEN_ID_NUMBER }],
        description: 'The USCC as is, or the masked citizen ID number.',
        ...NOT_A_CLEAR_ID_NUMBER,
      },
      list: { type: 'string', enum: LIST_KINDS },
      category: CATEGORY('List category, e.g. the 严重失信主体名单 of a sector.'),
      basis: {
        type: 'object',
        additionalProperties: false,
        required: ['recordIds', 'document'],
        properties: {
          recordIds: { type: 'array', maxItems: 100, uniqueItems: true, items: ENTITY_ID },
          document: textWithoutIdNumber('The listing decision document (认定文书).', 500),
        },
      },
      initiatingUnit: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'code'],
        properties: { name: textWithoutIdNumber('Deciding unit.', 200), code: UNIT_CODE },
      },
      decidedOn: dateSchema('Date of the listing decision.'),
      validUntil: dateSchema('Last day the entry is in force, when the decision sets one.'),
    },
  },
});

export const measureAppliedV1 = defineEvent<MeasureAppliedV1>({
  type: 'joint-punishment.measure-applied',
  version: 1,
  topic: 'subject',
  description: 'A linkage unit is to apply a catalog measure to the listed subject (响应实施).',
  schema: applicationSchema,
});

/**
 * Version 2 names the catalog version the measure was applied under: an entry keeps it when the
 * measure is revised later. Applications before versioning were all under version 1.
 */
export const measureAppliedV2 = defineEvent<MeasureAppliedV2>({
  type: 'joint-punishment.measure-applied',
  version: 2,
  topic: 'subject',
  description: 'A linkage unit is to apply a catalog measure, in the version current at the listing, to the listed subject (响应实施).',
  schema: {
    ...applicationSchema,
    required: [...(applicationSchema.required as string[]), 'measureVersion'],
    properties: { ...(applicationSchema.properties as Record<string, JsonSchema>), measureVersion: { type: 'integer', minimum: 1 } },
  },
});

export const listEntryExitedV1 = defineEvent<ListEntryExitedV1>({
  type: 'joint-punishment.list-entry-exited',
  version: 1,
  topic: 'subject',
  description:
    'The list entry left the list (修复退出): by decision of the deciding unit, by an approved repair, or because the ' +
    'penalty it rested on was withdrawn from publicity. Its measures are lifted by the measure-lifted events that follow.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['listEntryId', 'trigger', 'reason', 'exitedOn'],
    properties: {
      listEntryId: ENTITY_ID,
      trigger: { type: 'string', enum: LIST_EXIT_TRIGGERS_V1 },
      reason: textWithoutIdNumber('Why the entry left the list.', 2000),
      exitedOn: dateSchema('Date of the exit (Asia/Shanghai).'),
      repairApplicationId: ENTITY_ID,
    },
  },
});

/**
 * Version 2 adds the trigger EXPIRY (修复退出 when `validUntil` has passed, domain.md §5). The v1
 * enum is closed, so a v1 consumer would refuse an EXPIRY exit as invalid; as a new version it is
 * parked by a consumer that does not know v2 yet instead, and v1 events upcast to v2 unchanged.
 * The producer writes v2 only for EXPIRY exits, so consumers not yet upgraded keep handling every
 * other exit.
 */
export const listEntryExitedV2 = defineEvent<ListEntryExitedV2>({
  type: 'joint-punishment.list-entry-exited',
  version: 2,
  topic: 'subject',
  description:
    'The list entry left the list (修复退出): by decision of the deciding unit, by an approved repair, because the ' +
    'penalty it rested on was withdrawn from publicity, or because its validUntil passed (EXPIRY). Its measures are ' +
    'lifted by the measure-lifted events that follow.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['listEntryId', 'trigger', 'reason', 'exitedOn'],
    properties: {
      listEntryId: ENTITY_ID,
      trigger: { type: 'string', enum: LIST_EXIT_TRIGGERS },
      reason: textWithoutIdNumber('Why the entry left the list.', 2000),
      exitedOn: dateSchema('Date of the exit (Asia/Shanghai).'),
      repairApplicationId: ENTITY_ID,
    },
  },
});

export const measureLiftedV1 = defineEvent<MeasureLiftedV1>({
  type: 'joint-punishment.measure-lifted',
  version: 1,
  topic: 'subject',
  description: 'A linkage unit is to stop applying a measure to the subject: its list entry has exited. Emitted once per applied measure.',
  schema: applicationSchema,
});

export const measureExecutionReportedV1 = defineEvent<MeasureExecutionReportedV1>({
  type: 'joint-punishment.measure-execution-reported',
  version: 1,
  topic: 'subject',
  description:
    'A linkage unit reported how it executed one measure of a list entry (跟踪反馈): applied in its workflow, not ' +
    'applicable to the case, or lifted after the entry exited. Feeds the monthly execution report.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['executionId', 'listEntryId', 'measureCode', 'unitCode', 'outcome'],
    properties: {
      executionId: ENTITY_ID,
      listEntryId: ENTITY_ID,
      measureCode: MEASURE_CODE,
      unitCode: UNIT_CODE,
      outcome: { type: 'string', enum: MEASURE_EXECUTION_OUTCOMES },
      note: textWithoutIdNumber('What the unit did, in its own words.', 2000),
    },
  },
});

export const repairEffectsCompletedV1 = defineEvent<RepairEffectsCompletedV1>({
  type: 'joint-punishment.repair-effects-completed',
  version: 1,
  topic: 'subject',
  description:
    "joint-punishment's acknowledgement of a repair (correlationId = the application id): every list entry the repair " +
    'concerned has exited and its measures are lifted. Sent with an empty list when the repair concerned no entry.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['repairApplicationId', 'listEntryIds'],
    properties: {
      repairApplicationId: ENTITY_ID,
      listEntryIds: { type: 'array', uniqueItems: true, items: ENTITY_ID },
    },
  },
});

const CATEGORY_CODE: JsonSchema = {
  type: 'string',
  pattern: '^[A-Z0-9][A-Z0-9_.-]{0,63}$',
  description: 'Code of the list category (upper case letters, digits, `_`, `.`, `-`).',
};
const MONTHS: JsonSchema = { type: 'integer', minimum: 1, maximum: 120 };
const COUNT: JsonSchema = { type: 'integer', minimum: 0 };
const figuresProperties: Record<string, JsonSchema> = {
  measuresApplied: COUNT,
  measuresLifted: COUNT,
  executions: {
    type: 'object',
    additionalProperties: false,
    required: ['APPLIED', 'NOT_APPLICABLE', 'LIFTED', 'total'],
    properties: { APPLIED: COUNT, NOT_APPLICABLE: COUNT, LIFTED: COUNT, total: COUNT },
  },
  coverage: {
    type: 'object',
    additionalProperties: false,
    required: ['entries', 'covered', 'ratio'],
    properties: { entries: COUNT, covered: COUNT, ratio: { type: ['number', 'null'], minimum: 0, maximum: 1 } },
  },
};
const SUBJECT_CODE: JsonSchema = {
  type: ['string', 'null'],
  pattern: USCC_SHAPE,
  description: 'The USCC; null for a natural person (named by the envelope subject key and the masked code).',
  ...NOT_A_CLEAR_ID_NUMBER,
};
const MASKED_CODE: JsonSchema = {
  type: 'string',
  anyOf: [{ pattern: USCC_SHAPE }, { pattern: MASKED_CITIZEN_ID_NUMBER }],
  description: 'The USCC as is, or the masked citizen ID number.',
  ...NOT_A_CLEAR_ID_NUMBER,
};

export const listCategoryDefinedV1 = defineEvent<ListCategoryDefinedV1>({
  type: 'joint-punishment.list-category-defined',
  version: 1,
  topic: 'reference',
  description:
    'A list category (名单类别) entered the catalog, or its next version: black (serious dishonesty of a sector) or red ' +
    '(exemplary honesty), its legal basis, who may decide listings and the removal terms (earliest and automatic).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'name', 'list', 'legalBasis', 'categoryVersion'],
    properties: {
      code: CATEGORY_CODE,
      name: textWithoutIdNumber('Name of the category, e.g. 严重违法失信名单（市场监管）.', 200),
      list: { type: 'string', enum: LIST_KINDS },
      legalBasis: textWithoutIdNumber('Law or regulation the list rests on.', 2000),
      decidingUnitKinds: { type: 'array', maxItems: 50, uniqueItems: true, items: CATEGORY_CODE },
      earliestExitAfterMonths: MONTHS,
      autoExitAfterMonths: MONTHS,
      categoryVersion: { type: 'integer', minimum: 1 },
    },
  },
});

export const linkageUnitDefinedV1 = defineEvent<LinkageUnitDefinedV1>({
  type: 'joint-punishment.linkage-unit-defined',
  version: 1,
  topic: 'reference',
  description: 'A linkage unit (联动单位) entered the catalog, or its next version (name, contact).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'name', 'unitVersion'],
    properties: {
      code: UNIT_CODE,
      name: textWithoutIdNumber('Name of the unit.', 200),
      contact: textWithoutIdNumber('Contact office or telephone of the unit.', 200),
      unitVersion: { type: 'integer', minimum: 1 },
    },
  },
});

export const nominationSubmittedV1 = defineEvent<NominationSubmittedV1>({
  type: 'joint-punishment.nomination-submitted',
  version: 1,
  topic: 'subject',
  description: 'A deciding unit nominated the subject for a list (认定发起) with its basis documents and records; a reviewer decides.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['nominationId', 'subjectCode', 'maskedCode', 'list', 'category', 'basis', 'decidingUnit', 'decidedOn', 'submittedBy'],
    properties: {
      nominationId: ENTITY_ID,
      subjectCode: SUBJECT_CODE,
      maskedCode: MASKED_CODE,
      list: { type: 'string', enum: LIST_KINDS },
      category: CATEGORY_CODE,
      basis: {
        type: 'object',
        additionalProperties: false,
        required: ['recordIds', 'documents'],
        properties: {
          recordIds: { type: 'array', maxItems: 100, uniqueItems: true, items: ENTITY_ID },
          documents: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'number'],
              properties: { name: textWithoutIdNumber('Document name.', 200), number: textWithoutIdNumber('Document number (文号).', 100) },
            },
          },
        },
      },
      decidingUnit: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'code'],
        properties: { name: textWithoutIdNumber('Deciding unit.', 200), code: UNIT_CODE },
      },
      decidedOn: dateSchema('Date of the listing decision.'),
      validUntil: dateSchema('Last day the entry is to be in force.'),
      proposalId: ENTITY_ID,
      submittedBy: {
        type: 'object',
        additionalProperties: false,
        required: ['departmentCode', 'user'],
        properties: { departmentCode: UNIT_CODE, user: textWithoutIdNumber('Name of the nominating user or system.', 200) },
      },
    },
  },
});

export const nominationReviewedV1 = defineEvent<NominationReviewedV1>({
  type: 'joint-punishment.nomination-reviewed',
  version: 1,
  topic: 'subject',
  description: 'A reviewer approved (the entry is in force) or rejected (nothing listed) a nomination.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['nominationId', 'approved', 'note'],
    properties: {
      nominationId: ENTITY_ID,
      approved: { type: 'boolean' },
      note: textWithoutIdNumber('The reviewer\'s note.', 2000),
      listEntryId: ENTITY_ID,
    },
  },
});

export const subjectNotifiedV1 = defineEvent<SubjectNotifiedV1>({
  type: 'joint-punishment.subject-notified',
  version: 1,
  topic: 'subject',
  description:
    'The listed subject is told it was listed: the category, the basis, the measures each linkage unit applies, and ' +
    'how and from when it may apply for repair (信用修复).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['listEntryId', 'subjectCode', 'maskedCode', 'list', 'category', 'categoryName', 'basis', 'decidedOn', 'measures', 'repair'],
    properties: {
      listEntryId: ENTITY_ID,
      subjectCode: SUBJECT_CODE,
      maskedCode: MASKED_CODE,
      list: { type: 'string', enum: LIST_KINDS },
      category: CATEGORY('List category.'),
      categoryName: textWithoutIdNumber('Name of the list category.', 200),
      basis: {
        type: 'object',
        additionalProperties: false,
        required: ['recordIds', 'document'],
        properties: {
          recordIds: { type: 'array', maxItems: 100, items: ENTITY_ID },
          document: textWithoutIdNumber('The listing decision document (认定文书).', 500),
        },
      },
      decidedOn: dateSchema('Date of the listing decision.'),
      validUntil: dateSchema('Last day in force.'),
      measures: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['measureCode', 'name', 'unitCode', 'legalBasis'],
          properties: {
            measureCode: MEASURE_CODE,
            name: textWithoutIdNumber('Name of the measure.', 200),
            unitCode: UNIT_CODE,
            legalBasis: textWithoutIdNumber('Legal basis of the measure.', 2000),
          },
        },
      },
      repair: {
        type: 'object',
        additionalProperties: false,
        required: ['howToApply'],
        properties: {
          earliestApplicationOn: dateSchema('First day a repair (removal) application is accepted.'),
          automaticExitOn: dateSchema('Day the entry leaves the list on its own.'),
          howToApply: textWithoutIdNumber('How to apply for repair.', 2000),
        },
      },
    },
  },
});

export const monthlyFeedbackCompiledV1 = defineEvent<MonthlyFeedbackCompiledV1>({
  type: 'joint-punishment.monthly-feedback-compiled',
  version: 1,
  topic: 'reference',
  description:
    'A month ended: its execution report (跟踪反馈) per linkage unit and city-wide, with coverage, compiled once for the ' +
    'national joint reward-punishment system.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['month', 'from', 'to', 'cityWide', 'units'],
    properties: {
      month: { type: 'string', pattern: MONTH_SHAPE },
      from: timestampSchema('Start of the month (Asia/Shanghai).'),
      to: timestampSchema('End of the month, exclusive.'),
      cityWide: { type: 'object', additionalProperties: false, required: Object.keys(figuresProperties), properties: figuresProperties },
      units: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['unitCode', ...Object.keys(figuresProperties)],
          properties: { unitCode: UNIT_CODE, ...figuresProperties },
        },
      },
    },
  },
});

export const jointPunishmentCatalog: EventCatalog = {
  events: [
    measureDefinedV1,
    measureDefinedV2,
    listEntryCreatedV1,
    measureAppliedV1,
    measureAppliedV2,
    listEntryExitedV1,
    listEntryExitedV2,
    measureLiftedV1,
    repairEffectsCompletedV1,
    measureExecutionReportedV1,
    listCategoryDefinedV1,
    linkageUnitDefinedV1,
    nominationSubmittedV1,
    nominationReviewedV1,
    subjectNotifiedV1,
    monthlyFeedbackCompiledV1,
  ],
  // Every v1 exit is a valid v2 exit: the trigger enum only grew.
  upcasters: [
    { type: listEntryExitedV1.type, fromVersion: 1, upcast: (data: ListEntryExitedV1): ListEntryExitedV2 => ({ ...data }) },
    // Before versioning every measure had only its first definition, and every application was made under it.
    { type: measureDefinedV1.type, fromVersion: 1, upcast: (data: MeasureDefinedV1): MeasureDefinedV2 => ({ ...data, measureVersion: 1 }) },
    { type: measureAppliedV1.type, fromVersion: 1, upcast: (data: MeasureAppliedV1): MeasureAppliedV2 => ({ ...data, measureVersion: 1 }) },
  ],
};
