/**
 * Events of credit-sharing (信易贷 and authorized queries): supporting information (信易贷支撑信息)
 * departments push, a subject's authorizations of financial institutions, the queries made under
 * them, and the loan outcomes the institutions report. All go to the subject topic keyed by the
 * subject key; none is public, and no consumer outside credit-sharing reads their content (the
 * national connector delivers the 信易贷 platforms' share only for authorizing subjects).
 */
import { JsonSchema, MONTH_SHAPE, USCC_SHAPE, dateSchema, textWithoutIdNumber, timestampSchema } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';
import { MASKED_SUBJECT_SCHEMA, type CommitmentSubject } from './commitments.events';
import { SUBJECT_KINDS } from './subject-registry.events';

/**
 * The categories of 信易贷支撑信息 the seeds list: tax payment and grade, water/electricity/gas
 * payments, social-insurance and housing-fund payments, business anomaly list entries, honours.
 */
export type SupportingCategory = 'TAX' | 'UTILITIES' | 'SOCIAL_INSURANCE' | 'HOUSING_FUND' | 'BUSINESS_ANOMALY' | 'HONOUR';
export const SUPPORTING_CATEGORIES: readonly SupportingCategory[] = ['TAX', 'UTILITIES', 'SOCIAL_INSURANCE', 'HOUSING_FUND', 'BUSINESS_ANOMALY', 'HONOUR'];

/** What a supporting record says of the subject: paid as due, in arrears, listed/removed (anomaly), awarded. */
export type SupportingStatus = 'PAID' | 'ARREARS' | 'LISTED' | 'REMOVED' | 'AWARDED';
export const SUPPORTING_STATUSES: readonly SupportingStatus[] = ['PAID', 'ARREARS', 'LISTED', 'REMOVED', 'AWARDED'];
/** The statuses each category admits: the one rule the REST edge and every consumer apply. */
export const STATUSES_OF_CATEGORY: Readonly<Record<SupportingCategory, readonly SupportingStatus[]>> = {
  TAX: ['PAID', 'ARREARS'],
  UTILITIES: ['PAID', 'ARREARS'],
  SOCIAL_INSURANCE: ['PAID', 'ARREARS'],
  HOUSING_FUND: ['PAID', 'ARREARS'],
  BUSINESS_ANOMALY: ['LISTED', 'REMOVED'],
  HONOUR: ['AWARDED'],
};
/** 纳税信用等级 (A, B, M, C, D): only on TAX records. */
export const TAX_CREDIT_GRADES = ['A', 'B', 'M', 'C', 'D'] as const;
export type TaxCreditGrade = (typeof TAX_CREDIT_GRADES)[number];

/** The purposes a subject authorizes a query for. */
export type SharingPurpose = 'FINANCING' | 'GUARANTEE' | 'LEASING' | 'INSURANCE';
export const SHARING_PURPOSES: readonly SharingPurpose[] = ['FINANCING', 'GUARANTEE', 'LEASING', 'INSURANCE'];

export type LoanOutcome = 'GRANTED' | 'REFUSED';
export const LOAN_OUTCOMES: readonly LoanOutcome[] = ['GRANTED', 'REFUSED'];
/** 信用贷款 (no collateral) or secured (抵押/担保). */
export type LoanKind = 'CREDIT' | 'SECURED';
export const LOAN_KINDS: readonly LoanKind[] = ['CREDIT', 'SECURED'];

export interface SupportingRecordReceivedV1 {
  recordId: string;
  subject: CommitmentSubject;
  subjectName: string;
  category: SupportingCategory;
  status: SupportingStatus;
  /** The department's own number for the record: one record per source unit, category and reference. */
  sourceReference: string;
  /** The month the record is about (`YYYY-MM`), for payments. */
  period?: string;
  taxGrade?: TaxCreditGrade;
  /** Yuan, for arrears or payments. */
  amount?: number;
  description: string;
  /** The day the department established the fact, `YYYY-MM-DD`. */
  recordedOn: string;
  validUntil?: string;
  sourceUnit: { name: string; code: string };
}

export interface AuthorizationGrantedV1 {
  authorizationId: string;
  subject: CommitmentSubject;
  institution: { name: string; code: string };
  purpose: SharingPurpose;
  /** The supporting-information categories the institution may see (public information is always included). */
  categories: SupportingCategory[];
  validFrom: string;
  validUntil: string;
  /** Whether the subject also authorized delivery of its 信易贷 share to the national and provincial 信易贷 platforms. */
  deliverToLoanPlatforms: boolean;
  /** How the subject's will was established: its own token (legal persons), or a real-name channel for a natural person. */
  grantedThrough: { channel: 'SUBJECT_TOKEN' | 'REAL_NAME_CHANNEL'; unitCode: string; verificationReference?: string };
}

export interface AuthorizationRevokedV1 {
  authorizationId: string;
  reason: string;
  revokedOn: string;
}

export interface CreditInformationSharedV1 {
  queryId: string;
  authorizationId: string;
  institutionCode: string;
  purpose: SharingPurpose;
  /** The categories answered (the authorization's scope); `PUBLIC` stands for the public information. */
  returned: string[];
  /** Supporting records answered, by id. */
  recordIds: string[];
  queriedAt: string;
}

export interface FinancingOutcomeReportedV1 {
  outcomeId: string;
  authorizationId: string;
  institutionCode: string;
  outcome: LoanOutcome;
  loanKind: LoanKind;
  /** Yuan; 0 for a refusal. */
  amount: number;
  decidedOn: string;
}

const ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const UNIT: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'code'],
  properties: { name: textWithoutIdNumber('Name of the unit.', 200, 'name'), code: { type: 'string', pattern: USCC_SHAPE } },
};
const AMOUNT: JsonSchema = { type: 'number', minimum: 0, maximum: 1e13, multipleOf: 0.01 };

export const supportingRecordReceivedV1 = defineEvent<SupportingRecordReceivedV1>({
  type: 'credit-sharing.supporting-record-received',
  version: 1,
  topic: 'subject',
  description:
    'A department pushed a piece of 信易贷 supporting information about a subject (tax, utilities, social insurance, housing fund, ' +
    'business anomaly list, honours). Not public: shown only to financial institutions the subject authorized for its category.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['recordId', 'subject', 'subjectName', 'category', 'status', 'sourceReference', 'description', 'recordedOn', 'sourceUnit'],
    properties: {
      recordId: ID,
      subject: MASKED_SUBJECT_SCHEMA,
      subjectName: textWithoutIdNumber('Name of the subject as the department gave it.', 200, 'name'),
      category: { type: 'string', enum: SUPPORTING_CATEGORIES },
      status: { type: 'string', enum: SUPPORTING_STATUSES },
      sourceReference: textWithoutIdNumber("The department's own number for the record.", 64, 'name'),
      period: { type: 'string', pattern: MONTH_SHAPE },
      taxGrade: { type: 'string', enum: TAX_CREDIT_GRADES },
      amount: AMOUNT,
      description: textWithoutIdNumber('What the record says.', 2000),
      recordedOn: dateSchema('The day the department established the fact.'),
      validUntil: dateSchema('Last day the record is shown.'),
      sourceUnit: UNIT,
    },
    allOf: Object.entries(STATUSES_OF_CATEGORY).map(([category, statuses]) => ({
      if: { required: ['category'], properties: { category: { const: category } } },
      then: { properties: { status: { enum: statuses }, ...(category !== 'TAX' && { taxGrade: false }) } },
    })),
  },
});

export const authorizationGrantedV1 = defineEvent<AuthorizationGrantedV1>({
  type: 'credit-sharing.authorization-granted',
  version: 1,
  topic: 'subject',
  description:
    'A subject authorized a financial institution to query its non-public credit information for a purpose, within the ' +
    'listed supporting-information categories, for a period. The only way anyone outside government sees a natural person\'s ' +
    'non-public information.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['authorizationId', 'subject', 'institution', 'purpose', 'categories', 'validFrom', 'validUntil', 'deliverToLoanPlatforms', 'grantedThrough'],
    properties: {
      authorizationId: ID,
      subject: MASKED_SUBJECT_SCHEMA,
      institution: UNIT,
      purpose: { type: 'string', enum: SHARING_PURPOSES },
      categories: { type: 'array', uniqueItems: true, maxItems: SUPPORTING_CATEGORIES.length, items: { type: 'string', enum: SUPPORTING_CATEGORIES } },
      validFrom: dateSchema('First day of the authorization.'),
      validUntil: dateSchema('Last day of the authorization.'),
      deliverToLoanPlatforms: { type: 'boolean' },
      grantedThrough: {
        type: 'object',
        additionalProperties: false,
        required: ['channel', 'unitCode'],
        properties: {
          channel: { type: 'string', enum: ['SUBJECT_TOKEN', 'REAL_NAME_CHANNEL'] },
          unitCode: { type: 'string', pattern: USCC_SHAPE },
          verificationReference: textWithoutIdNumber("The real-name channel's reference of the identity verification.", 128, 'name'),
        },
      },
    },
  },
});

export const authorizationRevokedV1 = defineEvent<AuthorizationRevokedV1>({
  type: 'credit-sharing.authorization-revoked',
  version: 1,
  topic: 'subject',
  description: 'The subject revoked an authorization: from now on the institution\'s queries under it are refused.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['authorizationId', 'reason', 'revokedOn'],
    properties: { authorizationId: ID, reason: textWithoutIdNumber('Why, as the subject gave it.', 2000), revokedOn: dateSchema('Day of the revocation.') },
  },
});

export const creditInformationSharedV1 = defineEvent<CreditInformationSharedV1>({
  type: 'credit-sharing.credit-information-shared',
  version: 1,
  topic: 'subject',
  description: 'A financial institution read the subject\'s credit information under an authorization: who, under which authorization, what was answered.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['queryId', 'authorizationId', 'institutionCode', 'purpose', 'returned', 'recordIds', 'queriedAt'],
    properties: {
      queryId: ID,
      authorizationId: ID,
      institutionCode: { type: 'string', pattern: USCC_SHAPE },
      purpose: { type: 'string', enum: SHARING_PURPOSES },
      returned: { type: 'array', maxItems: SUPPORTING_CATEGORIES.length + 1, items: { type: 'string', enum: ['PUBLIC', ...SUPPORTING_CATEGORIES] } },
      recordIds: { type: 'array', maxItems: 10_000, items: ID },
      queriedAt: timestampSchema('When the answer was given.'),
    },
  },
});

export const financingOutcomeReportedV1 = defineEvent<FinancingOutcomeReportedV1>({
  type: 'credit-sharing.financing-outcome-reported',
  version: 1,
  topic: 'subject',
  description: 'A financial institution reported the loan decision it made on credit information shared under an authorization (信易贷 statistics).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['outcomeId', 'authorizationId', 'institutionCode', 'outcome', 'loanKind', 'amount', 'decidedOn'],
    properties: {
      outcomeId: ID,
      authorizationId: ID,
      institutionCode: { type: 'string', pattern: USCC_SHAPE },
      outcome: { type: 'string', enum: LOAN_OUTCOMES },
      loanKind: { type: 'string', enum: LOAN_KINDS },
      amount: AMOUNT,
      decidedOn: dateSchema('Day of the loan decision.'),
    },
    allOf: [{ if: { required: ['outcome'], properties: { outcome: { const: 'REFUSED' } } }, then: { properties: { amount: { const: 0 } } } }],
  },
});


/** The early-warning rules (信用预警) of collection and credit monitoring; their parameters are versioned data in credit-sharing. */
export type WarningRuleCode = 'REPEATED_PENALTIES' | 'SERIOUS_PENALTY_SURGE' | 'TIMELINESS_DROP';
export const WARNING_RULE_CODES: readonly WarningRuleCode[] = ['REPEATED_PENALTIES', 'SERIOUS_PENALTY_SURGE', 'TIMELINESS_DROP'];

export interface WarningRaisedV1 {
  warningId: string;
  rule: WarningRuleCode;
  ruleVersion: number;
  /** The department whose feed the warning goes to. */
  responsibleUnitCode: string;
  /** The subject a subject warning is about: USCC, or a natural person's masked number. */
  subject?: { kind: string; maskedCode: string };
  /** The month (`YYYY-MM`) or day (`YYYY-MM-DD`) the warning is about. */
  period: string;
  detail: string;
  figures: Record<string, number>;
  raisedOn: string;
}

export interface DepartmentCollectionFigures {
  departmentCode: string;
  received: number;
  stored: number;
  refused: number;
  timely: number;
  corrected: number;
  catalogMatters: number;
  mattersReported: number;
  reportingRate: number | null;
  timelinessRate: number | null;
  accuracyRate: number | null;
  storageRate: number | null;
  score: number | null;
  rank: number;
}

export interface MonitoringReportCompiledV1 {
  month: string;
  compiledOn: string;
  departments: DepartmentCollectionFigures[];
  warnings: Record<string, number>;
}

const RATE: JsonSchema = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const COUNT: JsonSchema = { type: 'integer', minimum: 0 };

export const warningRaisedV1 = defineEvent<WarningRaisedV1>({
  type: 'credit-sharing.warning-raised',
  version: 1,
  topic: 'reference',
  description:
    'An early warning (信用预警) of a documented, versioned rule fired: a subject with repeated penalties, an industry whose serious ' +
    'penalties surged, a department whose collection timeliness fell. Delivered to the responsible department\'s feed; raised once per rule, unit and period.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['warningId', 'rule', 'ruleVersion', 'responsibleUnitCode', 'period', 'detail', 'figures', 'raisedOn'],
    properties: {
      warningId: ID,
      rule: { type: 'string', enum: WARNING_RULE_CODES },
      ruleVersion: { type: 'integer', minimum: 1 },
      responsibleUnitCode: { type: 'string', pattern: USCC_SHAPE },
      subject: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'maskedCode'],
        properties: { kind: { type: 'string', enum: SUBJECT_KINDS }, maskedCode: textWithoutIdNumber('USCC or masked ID number.', 32, 'name') },
      },
      period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])(-\\d{2})?$' },
      detail: textWithoutIdNumber('What fired, in words.', 2000),
      figures: { type: 'object', maxProperties: 40, additionalProperties: { type: 'number' } },
      raisedOn: dateSchema('Day the warning was raised.'),
    },
  },
});

export const monitoringReportCompiledV1 = defineEvent<MonitoringReportCompiledV1>({
  type: 'credit-sharing.monitoring-report-compiled',
  version: 1,
  topic: 'reference',
  description:
    'The monthly credit monitoring report (信用监测报告) of an ended month, compiled once on the first working day after it: per department ' +
    'the collection figures (报送率, 及时率, 准确率, 入库率) and the ranking, and the warnings raised.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['month', 'compiledOn', 'departments', 'warnings'],
    properties: {
      month: { type: 'string', pattern: MONTH_SHAPE },
      compiledOn: dateSchema('Day of compilation: the first working day after the month.'),
      departments: {
        type: 'array',
        maxItems: 5000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['departmentCode', 'received', 'stored', 'refused', 'timely', 'corrected', 'catalogMatters', 'mattersReported', 'reportingRate', 'timelinessRate', 'accuracyRate', 'storageRate', 'score', 'rank'],
          properties: {
            departmentCode: { type: 'string', pattern: USCC_SHAPE },
            received: COUNT,
            stored: COUNT,
            refused: COUNT,
            timely: COUNT,
            corrected: COUNT,
            catalogMatters: COUNT,
            mattersReported: COUNT,
            reportingRate: RATE,
            timelinessRate: RATE,
            accuracyRate: RATE,
            storageRate: RATE,
            score: RATE,
            rank: { type: 'integer', minimum: 1 },
          },
        },
      },
      warnings: { type: 'object', additionalProperties: COUNT },
    },
  },
});

/** One supporting record as the 信易贷 platforms receive it (no free text, no clear number). */
export interface SharedSupportingRecord {
  recordId: string;
  category: SupportingCategory;
  status: SupportingStatus;
  period?: string;
  taxGrade?: TaxCreditGrade;
  amount?: number;
  recordedOn: string;
  validUntil?: string;
  sourceUnitCode: string;
}

export interface CreditLoanShareV1 {
  shareId: string;
  authorizationId: string;
  subject: CommitmentSubject;
  categories: SupportingCategory[];
  validUntil: string;
  records: SharedSupportingRecord[];
}

export const creditLoanShareV1 = defineEvent<CreditLoanShareV1>({
  type: 'credit-sharing.credit-loan-share',
  version: 1,
  topic: 'subject',
  description:
    'The 信易贷 share of a subject that authorized delivery to the national and provincial 信易贷 platforms (deliverToLoanPlatforms): ' +
    'its supporting records in the authorization\'s scope, at the grant and as each new one arrives while the authorization is in force. ' +
    'national-connector delivers it to target credit-loan-platform; nothing is shared for a subject that did not authorize it.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['shareId', 'authorizationId', 'subject', 'categories', 'validUntil', 'records'],
    properties: {
      shareId: ID,
      authorizationId: ID,
      subject: MASKED_SUBJECT_SCHEMA,
      categories: { type: 'array', uniqueItems: true, maxItems: SUPPORTING_CATEGORIES.length, items: { type: 'string', enum: SUPPORTING_CATEGORIES } },
      validUntil: dateSchema('Last day of the authorization.'),
      records: {
        type: 'array',
        maxItems: 10_000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['recordId', 'category', 'status', 'recordedOn', 'sourceUnitCode'],
          properties: {
            recordId: ID,
            category: { type: 'string', enum: SUPPORTING_CATEGORIES },
            status: { type: 'string', enum: SUPPORTING_STATUSES },
            period: { type: 'string', pattern: MONTH_SHAPE },
            taxGrade: { type: 'string', enum: TAX_CREDIT_GRADES },
            amount: AMOUNT,
            recordedOn: dateSchema('The day the department established the fact.'),
            validUntil: dateSchema('Last day the record is shown.'),
            sourceUnitCode: { type: 'string', pattern: USCC_SHAPE },
          },
        },
      },
    },
  },
});

export const creditSharingCatalog: EventCatalog = {
  events: [supportingRecordReceivedV1, authorizationGrantedV1, authorizationRevokedV1, creditInformationSharedV1, financingOutcomeReportedV1, warningRaisedV1, monitoringReportCompiledV1, creditLoanShareV1],
  upcasters: [],
};
