/**
 * Events of double-publicity (双公示): administrative penalty records (行政处罚), their publicity
 * windows and the withdrawal of a record from publicity. All go to the subject topic, keyed by the
 * subject key. A natural person appears only as subject key (envelope), masked ID number and name.
 */
import { JsonSchema, MASKED_CITIZEN_ID_NUMBER, USCC_SHAPE, dateSchema, textWithoutIdNumber, timestampSchema } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';
import type { SubjectKind } from './subject-registry.events';

export type PenaltySeverity = 'GENERAL' | 'SERIOUS';
export type PenaltyProcedure = 'SUMMARY' | 'ORDINARY';
/** Sectors whose penalties have a minimum publicity period of 1 year under Order 58 (2023-05-01 – 2026-03-31). */
export const PENALTY_SPECIAL_SECTORS = ['SPECIAL_EQUIPMENT', 'WORK_SAFETY', 'FIRE_SAFETY'] as const;
export type PenaltySpecialSector = (typeof PENALTY_SPECIAL_SECTORS)[number];

/** 行政处罚法 art. 9 (2021). */
export const PENALTY_CATEGORY_NAMES = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
  '其他',
] as const;

export interface PenaltySubject {
  kind: SubjectKind;
  /** The USCC; null for natural persons. */
  code: string | null;
  /** The USCC as is, or the masked ID number for natural persons. */
  maskedCode: string;
  name: string;
  legalRepresentative?: string;
}

export interface PenaltyUnit {
  name: string;
  /** USCC of the authority or department. */
  code: string;
}

/** The record's fields shared by the published and the not-published form. */
export interface PenaltyRecordData {
  penaltyId: string;
  decisionNumber: string;
  subject: PenaltySubject;
  violationType: string;
  violationFacts: string;
  basis: string;
  categories: string[];
  content: string;
  /** Yuan, decimal string with two places (`"5000.00"`). */
  fineAmount?: string;
  confiscatedAmount?: string;
  decidedOn: string;
  validUntil?: string;
  severity: PenaltySeverity;
  procedure: PenaltyProcedure;
  specialSector?: PenaltySpecialSector;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
  /** Collected within 7 working days of the decision date. */
  timely: boolean;
}

export interface PenaltyPublishedV1 extends PenaltyRecordData {
  publicity: { status: 'PUBLISHED'; regime: string; from: string; minimumUntil: string; maximumUntil: string };
}

export interface PenaltyRecordedUnpublishedV1 extends PenaltyRecordData {
  publicity: { status: 'NOT_PUBLISHED'; regime: string; reason: 'DISCLOSURE_WITHHELD' | 'MINOR_PENALTY'; note?: string };
}

/**
 * OBJECTION and EXPIRY were added to v1 compatibly (new values, an optional field): earlier events
 * stay valid. EXPIRY is the automatic stop at the end of the maximum period (domain.md §3).
 */
export type PublicityWithdrawalReason = 'REPAIR' | 'REVOCATION' | 'OBJECTION' | 'EXPIRY';

export interface PenaltyPublicityWithdrawnV1 {
  penaltyId: string;
  reason: PublicityWithdrawalReason;
  /** The approved repair application (reason REPAIR). */
  repairApplicationId?: string;
  /** The review or court decision revoking the penalty (reason REVOCATION). */
  document?: string;
  /** The upheld objection (reason OBJECTION). */
  objectionId?: string;
  note?: string;
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  withdrawnOn: string;
}

const MONEY = '^\\d{1,13}\\.\\d{2}$';

const unitSchema = (description: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  description,
  required: ['name', 'code'],
  properties: {
    name: textWithoutIdNumber('Name of the unit.', 200),
    code: { type: 'string', pattern: USCC_SHAPE, description: 'USCC of the unit (check characters verified by the producer).' },
  },
});

const subjectSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'code', 'maskedCode', 'name'],
  properties: {
    kind: { type: 'string', enum: ['LEGAL_PERSON', 'OTHER_ORGANIZATION', 'INDIVIDUAL_BUSINESS', 'NATURAL_PERSON'] },
    code: { type: ['string', 'null'], description: 'The USCC; null for natural persons.' },
    maskedCode: { type: 'string', description: 'The USCC as is; for natural persons the masked ID number.' },
    // A natural person's name as given is allowed on the topic (domain §1 masks it only on public pages).
    name: textWithoutIdNumber('Name of the subject.', 200),
    legalRepresentative: textWithoutIdNumber('Legal representative (法定代表人) or operator.', 100),
  },
  allOf: [
    {
      if: { required: ['kind'], properties: { kind: { const: 'NATURAL_PERSON' } } },
      then: { properties: { code: { type: 'null' }, maskedCode: { type: 'string', pattern: MASKED_CITIZEN_ID_NUMBER } } },
    },
    {
      if: { required: ['kind'], properties: { kind: { enum: ['LEGAL_PERSON', 'OTHER_ORGANIZATION', 'INDIVIDUAL_BUSINESS'] } } },
      then: {
        properties: {
          code: { type: 'string', pattern: USCC_SHAPE },
          maskedCode: { type: 'string', pattern: USCC_SHAPE },
        },
      },
    },
  ],
};

const recordProperties: Record<string, JsonSchema> = {
  penaltyId: { type: 'string', format: 'uuid', description: 'Id of the penalty record (stream `penalty-<id>`).' },
  decisionNumber: textWithoutIdNumber('Decision document number (行政处罚决定书文号).', 200),
  subject: subjectSchema,
  violationType: textWithoutIdNumber('Type of the violation (违法行为类型).', 500),
  // Free text from department feeds: ID numbers in it are masked by the producer.
  violationFacts: textWithoutIdNumber('Facts of the violation (违法事实).', 5000),
  basis: textWithoutIdNumber('Legal basis of the penalty (处罚依据).', 2000),
  categories: {
    type: 'array',
    minItems: 1,
    maxItems: PENALTY_CATEGORY_NAMES.length,
    uniqueItems: true,
    items: { type: 'string', enum: [...PENALTY_CATEGORY_NAMES] },
    description: 'Penalty categories of 行政处罚法 art. 9.',
  },
  content: textWithoutIdNumber('Content of the penalty (处罚内容).', 5000),
  fineAmount: { type: 'string', pattern: MONEY, description: 'Fine in yuan, two decimals.' },
  confiscatedAmount: { type: 'string', pattern: MONEY, description: 'Confiscated amount in yuan, two decimals.' },
  decidedOn: dateSchema('Decision date.'),
  validUntil: dateSchema('Penalty valid until (处罚有效期).'),
  severity: { type: 'string', enum: ['GENERAL', 'SERIOUS'] },
  procedure: { type: 'string', enum: ['SUMMARY', 'ORDINARY'], description: '简易程序 or 普通程序.' },
  specialSector: { type: 'string', enum: [...PENALTY_SPECIAL_SECTORS] },
  authority: unitSchema('The deciding authority (处罚机关).'),
  sourceUnit: unitSchema('The unit that reported the record (数据来源单位).'),
  timely: { type: 'boolean', description: 'Collected within 7 working days of the decision date.' },
};

const recordRequired = [
  'penaltyId',
  'decisionNumber',
  'subject',
  'violationType',
  'violationFacts',
  'basis',
  'categories',
  'content',
  'decidedOn',
  'severity',
  'procedure',
  'authority',
  'sourceUnit',
  'timely',
  'publicity',
];

/** A fine category requires the fine amount (domain §2). */
const fineNeedsAmount: JsonSchema = {
  if: { required: ['categories'], properties: { categories: { type: 'array', contains: { const: '罚款' } } } },
  then: { required: ['fineAmount'], properties: { fineAmount: { type: 'string' } } },
};

export const penaltyPublishedV1 = defineEvent<PenaltyPublishedV1>({
  type: 'double-publicity.penalty-published',
  version: 1,
  topic: 'subject',
  description:
    'A penalty decision was collected and is in publicity on the credit website from `publicity.from`; the subject may ' +
    'apply for repair from `minimumUntil`, publicity stops automatically on `maximumUntil` (periods of the regime in ' +
    'force on the decision date).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: recordRequired,
    properties: {
      ...recordProperties,
      publicity: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'regime', 'from', 'minimumUntil', 'maximumUntil'],
        properties: {
          status: { type: 'string', const: 'PUBLISHED' },
          regime: { type: 'string', minLength: 1, maxLength: 64, description: 'Id of the publicity regime applied.' },
          from: dateSchema('Start of publicity (the decision date).'),
          minimumUntil: dateSchema('End of the minimum publicity period.'),
          maximumUntil: dateSchema('End of the maximum publicity period: publicity stops automatically.'),
        },
      },
    },
    allOf: [fineNeedsAmount],
  },
});

export const penaltyRecordedUnpublishedV1 = defineEvent<PenaltyRecordedUnpublishedV1>({
  type: 'double-publicity.penalty-recorded-unpublished',
  version: 1,
  topic: 'subject',
  description:
    'A penalty decision was collected and kept as credit information, but is not published: the source unit withheld ' +
    'it (state or commercial secret, privacy) or it is a minor penalty not published under the regime in force.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: recordRequired,
    properties: {
      ...recordProperties,
      publicity: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'regime', 'reason'],
        properties: {
          status: { type: 'string', const: 'NOT_PUBLISHED' },
          regime: { type: 'string', minLength: 1, maxLength: 64 },
          reason: { type: 'string', enum: ['DISCLOSURE_WITHHELD', 'MINOR_PENALTY'] },
          note: textWithoutIdNumber("The source unit's reason for withholding the record.", 1000),
        },
      },
    },
    allOf: [fineNeedsAmount],
  },
});

export const penaltyPublicityWithdrawnV1 = defineEvent<PenaltyPublicityWithdrawnV1>({
  type: 'double-publicity.penalty-publicity-withdrawn',
  version: 1,
  topic: 'subject',
  description:
    'A penalty record left publicity before its maximum period: repaired (correlationId = the repair application id, ' +
    'causationId = the repair-approved event), the decision was revoked by review or court, an objection to it was upheld, ' +
    'or (EXPIRY) its maximum publicity period ended.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['penaltyId', 'reason', 'withdrawnOn'],
    properties: {
      penaltyId: { type: 'string', format: 'uuid' },
      reason: { type: 'string', enum: ['REPAIR', 'REVOCATION', 'OBJECTION', 'EXPIRY'] },
      repairApplicationId: { type: 'string', minLength: 1, maxLength: 64 },
      objectionId: { type: 'string', format: 'uuid', description: 'The upheld objection (reason OBJECTION).' },
      document: textWithoutIdNumber('The review or court decision revoking the penalty.', 500),
      note: textWithoutIdNumber('Why the record was withdrawn.', 2000),
      withdrawnOn: dateSchema('Date of the withdrawal (Asia/Shanghai).'),
    },
    allOf: [
      {
        if: { required: ['reason'], properties: { reason: { const: 'REPAIR' } } },
        then: { required: ['repairApplicationId'], properties: { repairApplicationId: { type: 'string' } } },
      },
      {
        if: { required: ['reason'], properties: { reason: { const: 'REVOCATION' } } },
        then: { required: ['document'], properties: { document: { type: 'string' } } },
      },
      {
        if: { required: ['reason'], properties: { reason: { const: 'OBJECTION' } } },
        then: { required: ['objectionId'], properties: { objectionId: { type: 'string' } } },
      },
    ],
  },
});

export type CatalogMatterKind = 'LICENSE' | 'PENALTY' | 'OTHER';

export interface CatalogMatterDefinedV1 {
  /** USCC of the department whose catalog (事项目录) holds the matter. */
  departmentCode: string;
  kind: CatalogMatterKind;
  /** The department's code of the matter. */
  code: string;
  name: string;
  legalBasis?: string;
  /** 1 for a new matter, n+1 for each change of its name, kind or basis (earlier versions are kept). */
  matterVersion: number;
}

export const CATALOG_MATTER_CODE_SHAPE = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

export const catalogMatterDefinedV1 = defineEvent<CatalogMatterDefinedV1>({
  type: 'double-publicity.catalog-matter-defined',
  version: 1,
  topic: 'reference',
  description:
    "A licensing, penalty or other matter entered a department's catalog (事项目录), or a new version of it was " +
    'defined (changed name, kind or legal basis); reference data keyed by the matter stream.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['departmentCode', 'kind', 'code', 'name', 'matterVersion'],
    properties: {
      departmentCode: { type: 'string', pattern: USCC_SHAPE, description: 'USCC of the department.' },
      kind: { type: 'string', enum: ['LICENSE', 'PENALTY', 'OTHER'] },
      code: { type: 'string', pattern: CATALOG_MATTER_CODE_SHAPE, description: "The department's code of the matter." },
      name: textWithoutIdNumber('Name of the matter.', 200),
      legalBasis: textWithoutIdNumber('Law or regulation the matter rests on.', 2000),
      matterVersion: { type: 'integer', minimum: 1 },
    },
  },
});

/** Licence categories of the national data standard (domain.md §2). */
export const LICENSE_TYPES = ['普通', '特许', '认可', '核准', '登记', '其他'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

export interface LicensePublishedV1 {
  licenseId: string;
  /** The decision document number, or the licence number when the decision has none (domain.md §2). */
  decisionNumber: string;
  subject: PenaltySubject;
  licenseName: string;
  licenseNumber?: string;
  licenseType: LicenseType;
  content: string;
  decidedOn: string;
  validFrom: string;
  validUntil?: string;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
  /** Collected within 7 working days of the decision date. */
  timely: boolean;
}

export const licensePublishedV1 = defineEvent<LicensePublishedV1>({
  type: 'double-publicity.license-published',
  version: 1,
  topic: 'subject',
  description:
    'An administrative licensing decision (行政许可) was collected and is public on the credit website; keyed by the subject.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      'licenseId',
      'decisionNumber',
      'subject',
      'licenseName',
      'licenseType',
      'content',
      'decidedOn',
      'validFrom',
      'authority',
      'sourceUnit',
      'timely',
    ],
    properties: {
      licenseId: { type: 'string', format: 'uuid', description: 'Id of the licence record (stream `license-<id>`).' },
      decisionNumber: textWithoutIdNumber('Decision document number (行政许可决定文书号), else the licence number.', 200),
      subject: subjectSchema,
      licenseName: textWithoutIdNumber('Name of the licence certificate (许可证书名称).', 200),
      licenseNumber: textWithoutIdNumber('Licence number (许可编号).', 200),
      licenseType: { type: 'string', enum: [...LICENSE_TYPES], description: 'Licence category (许可类别).' },
      content: textWithoutIdNumber('Content of the licence (许可内容).', 5000),
      decidedOn: dateSchema('Decision date.'),
      validFrom: dateSchema('Valid from.'),
      validUntil: dateSchema('Valid until.'),
      authority: unitSchema('The licensing authority (许可机关).'),
      sourceUnit: unitSchema('The unit that reported the record (数据来源单位).'),
      timely: { type: 'boolean', description: 'Collected within 7 working days of the decision date.' },
    },
  },
});

export interface ObjectionFiledV1 {
  objectionId: string;
  /** The penalty record objected to. */
  recordId: string;
  recordType: 'PENALTY';
  /** The subject's USCC as is, or its masked ID number (the envelope's subject key names the person). */
  maskedCode: string;
  reason: string;
  contact: string;
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  filedOn: string;
  /** End of the 5th working day after filing (domain.md §2), ISO 8601 with offset. */
  dueBy: string;
}

export type ObjectionOutcome = 'UPHELD' | 'REJECTED';

export interface ObjectionResolvedV1 {
  objectionId: string;
  recordId: string;
  outcome: ObjectionOutcome;
  note: string;
  resolvedOn: string;
  /** Resolved after its due time. */
  late: boolean;
}

export const objectionFiledV1 = defineEvent<ObjectionFiledV1>({
  type: 'double-publicity.objection-filed',
  version: 1,
  topic: 'subject',
  description:
    'A subject objected (异议) to a published penalty record; the coordinated answer is due within 5 working days (`dueBy`).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['objectionId', 'recordId', 'recordType', 'maskedCode', 'reason', 'contact', 'filedOn', 'dueBy'],
    properties: {
      objectionId: { type: 'string', format: 'uuid' },
      recordId: { type: 'string', format: 'uuid' },
      recordType: { type: 'string', enum: ['PENALTY'] },
      maskedCode: {
        type: 'string',
        anyOf: [{ pattern: USCC_SHAPE }, { pattern: MASKED_CITIZEN_ID_NUMBER }],
        description: 'The USCC as is, or the masked citizen ID number.',
      },
      reason: textWithoutIdNumber('Why the subject objects.', 5000),
      contact: textWithoutIdNumber('How to reach the objecting subject.', 200),
      filedOn: dateSchema('Date of filing (Asia/Shanghai).'),
      dueBy: timestampSchema('End of the 5th working day after filing.'),
    },
  },
});

export const objectionResolvedV1 = defineEvent<ObjectionResolvedV1>({
  type: 'double-publicity.objection-resolved',
  version: 1,
  topic: 'subject',
  description:
    'A reviewer resolved an objection: UPHELD withdraws the record from publicity (a penalty-publicity-withdrawn with ' +
    'reason OBJECTION follows in the same transaction), REJECTED leaves it.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['objectionId', 'recordId', 'outcome', 'note', 'resolvedOn', 'late'],
    properties: {
      objectionId: { type: 'string', format: 'uuid' },
      recordId: { type: 'string', format: 'uuid' },
      outcome: { type: 'string', enum: ['UPHELD', 'REJECTED'] },
      note: textWithoutIdNumber("The reviewer's answer.", 5000),
      resolvedOn: dateSchema('Date of the resolution (Asia/Shanghai).'),
      late: { type: 'boolean', description: 'Resolved after the due time.' },
    },
  },
});

export interface PenaltyRepairEligibleV1 {
  penaltyId: string;
  /** `YYYY-MM-DD`: the day the minimum publicity period was complete. */
  minimumUntil: string;
  /** `YYYY-MM-DD` (Asia/Shanghai): the day the reminder was raised. */
  remindedOn: string;
}

export const penaltyRepairEligibleV1 = defineEvent<PenaltyRepairEligibleV1>({
  type: 'double-publicity.penalty-repair-eligible',
  version: 1,
  topic: 'subject',
  description:
    'The minimum publicity period of a published penalty is complete (最短公示期届满提醒): from now on its subject may ' +
    'apply for credit repair. Raised once per record.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['penaltyId', 'minimumUntil', 'remindedOn'],
    properties: {
      penaltyId: { type: 'string', format: 'uuid' },
      minimumUntil: dateSchema('The day the minimum publicity period was complete.'),
      remindedOn: dateSchema('Date of the reminder (Asia/Shanghai).'),
    },
  },
});

export interface ObjectionOverdueV1 {
  objectionId: string;
  recordId: string;
  /** The due time that passed, ISO 8601 with offset. */
  dueBy: string;
  /** `YYYY-MM-DD` (Asia/Shanghai): the day the alert was raised. */
  detectedOn: string;
}

export const objectionOverdueV1 = defineEvent<ObjectionOverdueV1>({
  type: 'double-publicity.objection-overdue',
  version: 1,
  topic: 'subject',
  description: 'An objection is still open after its due time (5 working days, domain.md §2): an alert, raised once per objection.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['objectionId', 'recordId', 'dueBy', 'detectedOn'],
    properties: {
      objectionId: { type: 'string', format: 'uuid' },
      recordId: { type: 'string', format: 'uuid' },
      dueBy: timestampSchema('The due time that passed.'),
      detectedOn: dateSchema('Date of the alert (Asia/Shanghai).'),
    },
  },
});

export const doublePublicityCatalog: EventCatalog = {
  events: [
    penaltyPublishedV1,
    penaltyRecordedUnpublishedV1,
    penaltyPublicityWithdrawnV1,
    catalogMatterDefinedV1,
    licensePublishedV1,
    objectionFiledV1,
    objectionResolvedV1,
    penaltyRepairEligibleV1,
    objectionOverdueV1,
  ],
};
