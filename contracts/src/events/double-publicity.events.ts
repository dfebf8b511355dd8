/**
 * Events of double-publicity (双公示): administrative penalty records (行政处罚), their publicity
 * windows and the withdrawal of a record from publicity. All go to the subject topic, keyed by the
 * subject key. A natural person appears only as subject key (envelope), masked ID number and name.
 */
import {
  calendarBasisSchema,
  DEADLINE_RECOMPUTED_REQUIRED,
  deadlineRecomputedProperties,
  type CalendarBasisData,
  type DeadlineRecomputedData,
 JsonSchema, MASKED_CITIZEN_ID_NUMBER, USCC_SHAPE, dateSchema, textWithoutIdNumber, timestampSchema } from '../json-schema';
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

/** Kinds of identity document of the national 双公示 standard (证件类型). */
export const IDENTITY_DOCUMENT_TYPES = ['ID_CARD', 'PASSPORT', 'OTHER'] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

export interface PenaltySubject {
  kind: SubjectKind;
  /** The USCC (or, for an individual business without one, the placeholder `00000000000000000X`); null for natural persons. */
  code: string | null;
  /** The USCC as is, or the masked document number for natural persons. */
  maskedCode: string;
  name: string;
  legalRepresentative?: string;
  /** Natural persons: the kind of document `maskedCode` masks (absent: ID_CARD). */
  documentType?: IdentityDocumentType;
  /** 工商注册号 (15 digits); mandatory with the placeholder code. */
  registrationNumber?: string;
  /** 组织机构代码 (GB 11714). */
  organizationCode?: string;
  /** 税务登记号; a citizen-ID-shaped part masked. */
  taxNumber?: string;
  /** 事业单位证书号. */
  institutionCertificateNumber?: string;
  /** 社会组织登记证号. */
  socialOrganizationNumber?: string;
  /** 法定代表人证件: the number only masked. */
  legalRepresentativeDocument?: { type: IdentityDocumentType; maskedNumber: string };
}

/** A catalog matter (事项目录) a record names, with the version current when it was recorded. */
export interface RecordMatterRef {
  matterCode?: string;
  matterVersion?: number;
  matterName?: string;
}

export interface PenaltyUnit {
  name: string;
  /** USCC of the authority or department. */
  code: string;
}

/** The record's fields shared by the published and the not-published form. */
export interface PenaltyRecordData extends RecordMatterRef {
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
  /** 暂扣或吊销证照名称及编号. */
  suspendedCertificate?: { name: string; number: string };
  remarks?: string;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
  /** Collected within 7 working days of the decision date. */
  timely: boolean;
  /** Added to v1 compatibly (optional): how `timely` was judged, and on which calendar. */
  timeliness?: TimelinessData;
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

/**
 * How a record's `timely` was judged: the end of the 7th working day after its decision date and the
 * calendar that was computed on. Absent on earlier events, and when the decision was so long before
 * its collection that it is late on any calendar.
 */
export interface TimelinessData {
  /** End of the 7th working day after the decision date (Asia/Shanghai), ISO 8601 with offset. */
  dueBy: string;
  calendar: CalendarBasisData[];
}

const timelinessSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['dueBy', 'calendar'],
  description: 'How `timely` was judged (added to v1 compatibly): the end of the 7th working day after the decision, and its calendar.',
  properties: {
    dueBy: timestampSchema('End of the 7th working day after the decision date.'),
    calendar: calendarBasisSchema('The calendar `dueBy` was computed on, per year it spans.'),
  },
};

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

/** The 双公示 feed's code of an individual business without a USCC (domain §1). */
const USCC_PLACEHOLDER_CODE = '00000000000000000X';

/** A masked document number: at most 6 leading and 4 trailing characters left, the rest `*`. */
const MASKED_DOCUMENT_NUMBER = '^[^*]{0,6}\\*+[^*]{0,4}$';

const subjectSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'code', 'maskedCode', 'name'],
  properties: {
    kind: { type: 'string', enum: ['LEGAL_PERSON', 'OTHER_ORGANIZATION', 'INDIVIDUAL_BUSINESS', 'NATURAL_PERSON'] },
    code: { type: ['string', 'null'], description: 'The USCC (the placeholder for an individual business without one); null for natural persons.' },
    maskedCode: { type: 'string', description: 'The USCC as is; for natural persons the masked document number.' },
    // A natural person's name as given is allowed on the topic (domain §1 masks it only on public pages).
    name: textWithoutIdNumber('Name of the subject.', 200),
    legalRepresentative: textWithoutIdNumber('Legal representative (法定代表人) or operator.', 100),
    documentType: { type: 'string', enum: [...IDENTITY_DOCUMENT_TYPES], description: 'Natural persons: document kind of `maskedCode` (absent: ID_CARD).' },
    registrationNumber: { type: 'string', pattern: '^\\d{15}$', description: 'Business registration number (工商注册号).' },
    organizationCode: { type: 'string', pattern: '^[0-9A-Z]{8}[0-9X]$', description: 'Organisation code (组织机构代码, GB 11714).' },
    taxNumber: textWithoutIdNumber('Tax registration number (税务登记号); an ID-number-shaped part masked.', 32),
    institutionCertificateNumber: textWithoutIdNumber('Public-institution certificate number (事业单位证书号).', 64),
    socialOrganizationNumber: textWithoutIdNumber('Social-organisation registration number (社会组织登记证号).', 64),
    legalRepresentativeDocument: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'maskedNumber'],
      description: "The legal representative's identity document (法定代表人证件); the number only masked.",
      properties: {
        type: { type: 'string', enum: [...IDENTITY_DOCUMENT_TYPES] },
        maskedNumber: { type: 'string', pattern: MASKED_DOCUMENT_NUMBER, maxLength: 32 },
      },
    },
  },
  allOf: [
    {
      if: { required: ['kind'], properties: { kind: { const: 'NATURAL_PERSON' } } },
      then: { properties: { code: { type: 'null' }, maskedCode: { type: 'string', pattern: MASKED_DOCUMENT_NUMBER } } },
    },
    {
      // A citizen ID number (the default document) is masked in its one standard form.
      if: { required: ['kind'], properties: { kind: { const: 'NATURAL_PERSON' }, documentType: { const: 'ID_CARD' } } },
      then: { properties: { maskedCode: { type: 'string', pattern: MASKED_CITIZEN_ID_NUMBER } } },
    },
    {
      if: { required: ['code'], properties: { code: { const: USCC_PLACEHOLDER_CODE } } },
      then: { required: ['registrationNumber'], properties: { kind: { const: 'INDIVIDUAL_BUSINESS' }, registrationNumber: { type: 'string' } } },
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

/** The catalog matter a record names (all three or none: the producer resolves code to version and name). */
const matterProperties: Record<string, JsonSchema> = {
  matterCode: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: "Code of the matter in the source unit's catalog (事项目录)." },
  matterVersion: { type: 'integer', minimum: 1, description: 'Version of the matter current when the record was collected.' },
  matterName: textWithoutIdNumber('Name of the matter.', 200),
};

/** A record naming a matter code carries the catalog version it was checked against. */
const matterCodeNeedsVersion: JsonSchema = {
  if: { required: ['matterCode'], properties: { matterCode: { type: 'string' } } },
  then: { required: ['matterVersion', 'matterName'], properties: { matterVersion: { type: 'integer' }, matterName: { type: 'string' } } },
};

const suspendedCertificateSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'number'],
  description: 'The licence or certificate suspended or revoked (暂扣或吊销证照名称及编号).',
  properties: {
    name: textWithoutIdNumber('Name of the certificate.', 200),
    number: textWithoutIdNumber('Number of the certificate.', 200),
  },
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
  suspendedCertificate: suspendedCertificateSchema,
  remarks: textWithoutIdNumber('Remarks (备注).', 2000),
  ...matterProperties,
  authority: unitSchema('The deciding authority (处罚机关).'),
  sourceUnit: unitSchema('The unit that reported the record (数据来源单位).'),
  timely: { type: 'boolean', description: 'Collected within 7 working days of the decision date.' },
  timeliness: timelinessSchema,
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
    allOf: [fineNeedsAmount, matterCodeNeedsVersion],
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
    allOf: [fineNeedsAmount, matterCodeNeedsVersion],
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

export interface LicensePublishedV1 extends RecordMatterRef {
  licenseId: string;
  /** The decision document number, or the licence number when the decision has none (domain.md §2). */
  decisionNumber: string;
  subject: PenaltySubject;
  licenseName: string;
  licenseNumber?: string;
  licenseType: LicenseType;
  /** 许可证书名称, when the certificate is named apart from the decision. */
  certificateName?: string;
  content: string;
  decidedOn: string;
  validFrom: string;
  validUntil?: string;
  /** 当前状态 as the licensing authority reports it (e.g. 有效, 注销). */
  status?: string;
  remarks?: string;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
  /** Collected within 7 working days of the decision date. */
  timely: boolean;
  /** Added to v1 compatibly (optional): how `timely` was judged, and on which calendar. */
  timeliness?: TimelinessData;
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
      certificateName: textWithoutIdNumber('Name of the licence certificate (许可证书名称).', 200),
      content: textWithoutIdNumber('Content of the licence (许可内容).', 5000),
      decidedOn: dateSchema('Decision date.'),
      validFrom: dateSchema('Valid from.'),
      validUntil: dateSchema('Valid until.'),
      status: textWithoutIdNumber('Current status of the licence (当前状态).', 50),
      remarks: textWithoutIdNumber('Remarks (备注).', 2000),
      ...matterProperties,
      authority: unitSchema('The licensing authority (许可机关).'),
      sourceUnit: unitSchema('The unit that reported the record (数据来源单位).'),
      timely: { type: 'boolean', description: 'Collected within 7 working days of the decision date.' },
      timeliness: timelinessSchema,
    },
    allOf: [matterCodeNeedsVersion],
  },
});

/** Other administrative actions collected like 双公示 records (domain.md §2). */
export const ADMINISTRATIVE_ACTION_TYPES = [
  'ENFORCEMENT', // 行政强制
  'CONFIRMATION', // 行政确认
  'LEVY', // 行政征收
  'PAYMENT', // 行政给付
  'ADJUDICATION', // 行政裁决
  'COMPENSATION', // 行政补偿
  'REWARD', // 行政奖励
  'INSPECTION', // 行政监督检查
] as const;
export type AdministrativeActionType = (typeof ADMINISTRATIVE_ACTION_TYPES)[number];

export interface AdministrativeActionRecordedV1 extends RecordMatterRef {
  actionId: string;
  actionType: AdministrativeActionType;
  decisionNumber: string;
  subject: PenaltySubject;
  content: string;
  basis?: string;
  /** Yuan, decimal string with two places. */
  amount?: string;
  result?: string;
  decidedOn: string;
  validUntil?: string;
  remarks?: string;
  authority: PenaltyUnit;
  sourceUnit: PenaltyUnit;
  /** false: kept, not public (secret, privacy), with the reason. */
  disclosure: { public: boolean; reason?: string };
  /** Collected within 7 working days of the decision date. */
  timely: boolean;
  /** Added to v1 compatibly (optional): how `timely` was judged, and on which calendar. */
  timeliness?: TimelinessData;
}

export const administrativeActionRecordedV1 = defineEvent<AdministrativeActionRecordedV1>({
  type: 'double-publicity.administrative-action-recorded',
  version: 1,
  topic: 'subject',
  description:
    'An administrative action other than a licence or penalty (行政强制, 行政确认, 行政征收, 行政给付, 行政裁决, 行政补偿, ' +
    '行政奖励, 行政监督检查) was collected; keyed by the subject.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['actionId', 'actionType', 'decisionNumber', 'subject', 'content', 'decidedOn', 'authority', 'sourceUnit', 'disclosure', 'timely'],
    properties: {
      actionId: { type: 'string', format: 'uuid', description: 'Id of the record (stream `administrative-action-<id>`).' },
      actionType: { type: 'string', enum: [...ADMINISTRATIVE_ACTION_TYPES] },
      decisionNumber: textWithoutIdNumber('Decision document number (决定文书号).', 200),
      subject: subjectSchema,
      content: textWithoutIdNumber('Content of the action.', 5000),
      basis: textWithoutIdNumber('Legal basis.', 2000),
      amount: { type: 'string', pattern: MONEY, description: 'Amount in yuan, two decimals (levied, paid, compensated, awarded).' },
      result: textWithoutIdNumber('Result of the action (e.g. of an inspection).', 2000),
      decidedOn: dateSchema('Decision date.'),
      validUntil: dateSchema('Valid until.'),
      remarks: textWithoutIdNumber('Remarks (备注).', 2000),
      ...matterProperties,
      authority: unitSchema('The deciding authority.'),
      sourceUnit: unitSchema('The unit that reported the record (数据来源单位).'),
      disclosure: {
        type: 'object',
        additionalProperties: false,
        required: ['public'],
        properties: {
          public: { type: 'boolean' },
          reason: textWithoutIdNumber('Why the record is not public.', 1000),
        },
      },
      timely: { type: 'boolean', description: 'Collected within 7 working days of the decision date.' },
      timeliness: timelinessSchema,
    },
    allOf: [matterCodeNeedsVersion],
  },
});

export interface ObjectionFiledV1 {
  objectionId: string;
  /** The penalty or licence record objected to. */
  recordId: string;
  /** LICENSE was added to v1 compatibly (a new value). */
  recordType: ObjectionRecordType;
  /** The subject's USCC as is, or its masked ID number (the envelope's subject key names the person). */
  maskedCode: string;
  reason: string;
  contact: string;
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  filedOn: string;
  /** End of the 5th working day after filing (domain.md §2), ISO 8601 with offset. */
  dueBy: string;
  /** Added to v1 compatibly (optional): the calendar `dueBy` was computed on, per year it spans. */
  calendar?: CalendarBasisData[];
}

/** An open objection's due time recomputed because a year's calendar was published (never a silent rewrite). */
export interface ObjectionDueDateRecomputedV1 extends DeadlineRecomputedData {
  objectionId: string;
  recordId: string;
}

export type ObjectionOutcome = 'UPHELD' | 'REJECTED';
export type ObjectionRecordType = 'PENALTY' | 'LICENSE';

export interface ObjectionResolvedV1 {
  objectionId: string;
  recordId: string;
  outcome: ObjectionOutcome;
  note: string;
  resolvedOn: string;
  /** Resolved after its due time. */
  late: boolean;
  /** Added to v1 compatibly (optional): the kind of record objected to; absent on earlier events (PENALTY). */
  recordType?: ObjectionRecordType;
  /** Added to v1 compatibly (optional): the correction event an upheld objection applied, when it corrected the record. */
  correctionEventId?: string;
}

export const objectionFiledV1 = defineEvent<ObjectionFiledV1>({
  type: 'double-publicity.objection-filed',
  version: 1,
  topic: 'subject',
  description:
    'A subject objected (异议) to a published penalty or licence record; the coordinated answer is due within 5 working days (`dueBy`).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['objectionId', 'recordId', 'recordType', 'maskedCode', 'reason', 'contact', 'filedOn', 'dueBy'],
    properties: {
      objectionId: { type: 'string', format: 'uuid' },
      recordId: { type: 'string', format: 'uuid' },
      recordType: { type: 'string', enum: ['PENALTY', 'LICENSE'] },
      maskedCode: {
        type: 'string',
        anyOf: [{ pattern: USCC_SHAPE }, { pattern: MASKED_CITIZEN_ID_NUMBER }],
        description: 'The USCC as is, or the masked citizen ID number.',
      },
      reason: textWithoutIdNumber('Why the subject objects.', 5000),
      contact: textWithoutIdNumber('How to reach the objecting subject.', 200),
      filedOn: dateSchema('Date of filing (Asia/Shanghai).'),
      dueBy: timestampSchema('End of the 5th working day after filing.'),
      calendar: calendarBasisSchema('The calendar `dueBy` was computed on (added to v1 compatibly).'),
    },
  },
});

export const objectionDueDateRecomputedV1 = defineEvent<ObjectionDueDateRecomputedV1>({
  type: 'double-publicity.objection-due-date-recomputed',
  version: 1,
  topic: 'subject',
  description:
    "An open objection's due time was recomputed after a year's working-day schedule was published: the previous and the new " +
    'due time, the calendar, and whether it moved earlier than what the subject was told.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['objectionId', 'recordId', ...DEADLINE_RECOMPUTED_REQUIRED],
    properties: {
      objectionId: { type: 'string', format: 'uuid' },
      recordId: { type: 'string', format: 'uuid' },
      ...deadlineRecomputedProperties('due time'),
    },
  },
});

export const objectionResolvedV1 = defineEvent<ObjectionResolvedV1>({
  type: 'double-publicity.objection-resolved',
  version: 1,
  topic: 'subject',
  description:
    'A reviewer resolved an objection: UPHELD corrects the record (a penalty-corrected or license-corrected follows in the ' +
    'same transaction) or, without corrections, withdraws a penalty from publicity (penalty-publicity-withdrawn with ' +
    'reason OBJECTION); REJECTED leaves it.',
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
      recordType: { type: 'string', enum: ['PENALTY', 'LICENSE'], description: 'The kind of record objected to (absent: PENALTY).' },
      correctionEventId: { type: 'string', format: 'uuid', description: 'The correction applied by an upheld objection.' },
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

/** One field a correction changed; `before` or `after` is absent when the field was absent or cleared. */
export interface RecordFieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface PenaltyCorrectedV1 {
  penaltyId: string;
  /** Why the source unit (or the reviewer of an upheld objection) corrected the record. */
  reason: string;
  changes: RecordFieldChange[];
  /** The upheld objection that asked for the correction. */
  objectionId?: string;
  /** The whole record as corrected, with its publicity window recomputed (a penalty-published of the same id restated). */
  record: PenaltyPublishedV1 | PenaltyRecordedUnpublishedV1;
  /**
   * Added to v1 compatibly (optional): the record's publicity before the correction. PUBLISHED with a NOT_PUBLISHED
   * `record` means the correction took the record out of publicity (the website drops it, upstream is told).
   */
  previousPublicityStatus?: 'PUBLISHED' | 'NOT_PUBLISHED';
}

export interface LicenseCorrectedV1 {
  licenseId: string;
  reason: string;
  changes: RecordFieldChange[];
  objectionId?: string;
  /** The whole record as corrected. */
  record: LicensePublishedV1;
}

// Values of corrected fields come from the normalised record (free text with ID numbers masked), so
// a change value is any JSON value but a string holding a clear citizen ID number.
const changeValue: JsonSchema = {
  anyOf: [
    textWithoutIdNumber('A text or date value.', 5000),
    { type: 'array', maxItems: 50, items: textWithoutIdNumber('A list item.', 500) },
    { type: 'object' },
    { type: 'number' },
    { type: 'boolean' },
  ],
};

const changesSchema = (fields: readonly string[]): JsonSchema => ({
  type: 'array',
  minItems: 1,
  maxItems: fields.length,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['field'],
    properties: { field: { type: 'string', enum: [...fields] }, before: changeValue, after: changeValue },
  },
});

/** Fields of a penalty record its source unit may correct (the rest identify the decision or its parties). */
export const PENALTY_CORRECTABLE_FIELDS = [
  'violationType',
  'violationFacts',
  'basis',
  'categories',
  'content',
  'fineAmount',
  'confiscatedAmount',
  'decidedOn',
  'validUntil',
  'severity',
  'procedure',
  'specialSector',
] as const;

/** Fields of a licence record its source unit may correct. */
export const LICENSE_CORRECTABLE_FIELDS = ['licenseName', 'licenseNumber', 'licenseType', 'content', 'decidedOn', 'validFrom', 'validUntil'] as const;

export const penaltyCorrectedV1 = defineEvent<PenaltyCorrectedV1>({
  type: 'double-publicity.penalty-corrected',
  version: 1,
  topic: 'subject',
  description:
    'The source unit corrected descriptive fields of a penalty record (or a reviewer did, upholding an objection): each ' +
    'changed field with its value before and after, the reason, and the whole corrected record, whose publicity window ' +
    'is recomputed from the corrected decision date, severity and categories. Consumers replace the record they hold.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['penaltyId', 'reason', 'changes', 'record'],
    properties: {
      penaltyId: { type: 'string', format: 'uuid' },
      reason: textWithoutIdNumber('Why the record was corrected.', 2000),
      changes: changesSchema(PENALTY_CORRECTABLE_FIELDS),
      objectionId: { type: 'string', format: 'uuid', description: 'The upheld objection that asked for the correction.' },
      record: { oneOf: [penaltyPublishedV1.schema, penaltyRecordedUnpublishedV1.schema] },
      previousPublicityStatus: {
        type: 'string',
        enum: ['PUBLISHED', 'NOT_PUBLISHED'],
        description: "The record's publicity before the correction: PUBLISHED with a NOT_PUBLISHED record = taken out of publicity.",
      },
    },
  },
});

export const licenseCorrectedV1 = defineEvent<LicenseCorrectedV1>({
  type: 'double-publicity.license-corrected',
  version: 1,
  topic: 'subject',
  description:
    'The source unit corrected fields of a licence record (or a reviewer did, upholding an objection): each changed field ' +
    'before and after, the reason and the whole corrected record.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['licenseId', 'reason', 'changes', 'record'],
    properties: {
      licenseId: { type: 'string', format: 'uuid' },
      reason: textWithoutIdNumber('Why the record was corrected.', 2000),
      changes: changesSchema(LICENSE_CORRECTABLE_FIELDS),
      objectionId: { type: 'string', format: 'uuid', description: 'The upheld objection that asked for the correction.' },
      record: licensePublishedV1.schema,
    },
  },
});

export interface RecordSubjectLinkedV1 {
  recordId: string;
  recordType: ObjectionRecordType;
  /** How the registered subject was matched: by its code, or by the registration number of a placeholder code. */
  linkedBy: 'CODE' | 'REGISTRATION_NO';
  /**
   * Added to v1 compatibly (optional): the USCC the subject is registered under when it is not the record's key,
   * i.e. an individual business recorded under the placeholder (key `IB-<registration number>`) and registered
   * with a code carrying that registration number as a legacy code.
   */
  subjectCode?: string;
}

export const recordSubjectLinkedV1 = defineEvent<RecordSubjectLinkedV1>({
  type: 'double-publicity.record-subject-linked',
  version: 1,
  topic: 'subject',
  description:
    'A penalty or licence record accepted for a subject the registry did not know yet (the decision is authoritative and ' +
    'its deadlines run) is now linked: the subject was registered. Until then the record counts as unlinked in the ' +
    'quality figures.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['recordId', 'recordType', 'linkedBy'],
    properties: {
      recordId: { type: 'string', format: 'uuid' },
      recordType: { type: 'string', enum: ['PENALTY', 'LICENSE'] },
      linkedBy: { type: 'string', enum: ['CODE', 'REGISTRATION_NO'] },
      subjectCode: { type: 'string', pattern: USCC_SHAPE, description: "The registered subject's USCC when it differs from the record's key (linkedBy REGISTRATION_NO)." },
    },
  },
});

/** Why an approved repair found no publicity to withdraw: the record was never published, or left publicity earlier (and why). */
export type PenaltyOutOfPublicity = 'NOT_PUBLISHED' | PublicityWithdrawalReason;

export interface PenaltyRepairNotedV1 {
  penaltyId: string;
  repairApplicationId: string;
  /** NOT_PUBLISHED: never in publicity (withheld, minor, or corrected out of it); otherwise the reason of the earlier withdrawal. */
  alreadyOutOfPublicity: PenaltyOutOfPublicity;
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  notedOn: string;
}

export const penaltyRepairNotedV1 = defineEvent<PenaltyRepairNotedV1>({
  type: 'double-publicity.penalty-repair-noted',
  version: 1,
  topic: 'subject',
  description:
    'An approved repair of a penalty that was no longer (or never) in publicity: nothing is withdrawn, the repair is ' +
    "acknowledged (correlationId = the repair application id, causationId = the repair-approved event); the record's " +
    'publicity stays as it was. Raised once per repair application and record.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['penaltyId', 'repairApplicationId', 'alreadyOutOfPublicity', 'notedOn'],
    properties: {
      penaltyId: { type: 'string', format: 'uuid' },
      repairApplicationId: { type: 'string', minLength: 1, maxLength: 64, description: 'The approved repair application.' },
      alreadyOutOfPublicity: {
        type: 'string',
        enum: ['NOT_PUBLISHED', 'REPAIR', 'REVOCATION', 'OBJECTION', 'EXPIRY'],
        description: 'NOT_PUBLISHED: never in publicity; otherwise the reason the record left publicity earlier.',
      },
      notedOn: dateSchema('Date the repair was noted (Asia/Shanghai).'),
    },
  },
});

export type TimelinessRecordType = 'PENALTY' | 'LICENSE' | 'ADMINISTRATIVE_ACTION';

/**
 * A record's timeliness judged again because a year's working-day schedule was published: the 7
 * working days after its decision counted days of that year on a provisional (or older) calendar.
 */
export interface TimelinessRecomputedV1 extends DeadlineRecomputedData {
  recordId: string;
  recordType: TimelinessRecordType;
  /** The judgement on the published calendar. */
  timely: boolean;
  /** The judgement it replaces. */
  previousTimely: boolean;
}

export const timelinessRecomputedV1 = defineEvent<TimelinessRecomputedV1>({
  type: 'double-publicity.timeliness-recomputed',
  version: 1,
  topic: 'subject',
  description:
    "A 双公示 record's timeliness (collected within 7 working days of its decision) was judged again after a year's " +
    'working-day schedule was published: the previous and the new end of the 7th working day, the calendar, and both judgements.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['recordId', 'recordType', 'timely', 'previousTimely', ...DEADLINE_RECOMPUTED_REQUIRED],
    properties: {
      recordId: { type: 'string', format: 'uuid' },
      recordType: { type: 'string', enum: ['PENALTY', 'LICENSE', 'ADMINISTRATIVE_ACTION'] },
      timely: { type: 'boolean', description: 'Collected within 7 working days of the decision date, on the published calendar.' },
      previousTimely: { type: 'boolean', description: 'The judgement this one replaces.' },
      ...deadlineRecomputedProperties('end of the 7th working day'),
    },
  },
});

/** The 双公示 record kinds a batch takes in. */
export type IntakeKind = 'PENALTY' | 'LICENSE' | 'ADMINISTRATIVE_ACTION';
export const INTAKE_KINDS: readonly IntakeKind[] = ['PENALTY', 'LICENSE', 'ADMINISTRATIVE_ACTION'];

export interface IntakeItemsRefusedV1 {
  /** USCC of the department whose batch items were refused (the caller). */
  departmentCode: string;
  kind: IntakeKind;
  /** Refused items per decision date (the item's own when it was a real date, else the day of intake). */
  counts: { decidedOn: string; refused: number }[];
}

export const intakeItemsRefusedV1 = defineEvent<IntakeItemsRefusedV1>({
  type: 'double-publicity.intake-items-refused',
  version: 1,
  topic: 'reference',
  description:
    'Items of a 双公示 batch were refused (INVALID) and not stored: how many, per decision date, for the department that sent them. ' +
    'Collection monitoring (入库率: stored ÷ received) counts them; no record content travels.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['departmentCode', 'kind', 'counts'],
    properties: {
      departmentCode: { type: 'string', pattern: USCC_SHAPE },
      kind: { type: 'string', enum: INTAKE_KINDS },
      counts: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['decidedOn', 'refused'],
          properties: { decidedOn: dateSchema('Decision date of the refused items.'), refused: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
      },
    },
  },
});

export const doublePublicityCatalog: EventCatalog = {
  events: [
    intakeItemsRefusedV1,
    penaltyPublishedV1,
    penaltyRecordedUnpublishedV1,
    penaltyPublicityWithdrawnV1,
    catalogMatterDefinedV1,
    licensePublishedV1,
    objectionFiledV1,
    objectionDueDateRecomputedV1,
    objectionResolvedV1,
    penaltyRepairEligibleV1,
    objectionOverdueV1,
    penaltyCorrectedV1,
    licenseCorrectedV1,
    recordSubjectLinkedV1,
    administrativeActionRecordedV1,
    penaltyRepairNotedV1,
    timelinessRecomputedV1,
  ],
};
