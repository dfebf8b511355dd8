/**
 * Events of commitments (信用承诺, domain.md §6): a credit commitment signed before an accepting
 * unit, and the unit's finding on whether it was kept. Both go to the subject topic keyed by the
 * subject key, so that grading and repair see them in the subject's causal order.
 */
import {
  DEADLINE_RECOMPUTED_REQUIRED,
  JsonSchema,
  MASKED_CITIZEN_ID_NUMBER,
  USCC_SHAPE,
  calendarBasisSchema,
  dateSchema,
  deadlineRecomputedProperties,
  textWithoutIdNumber,
  type CalendarBasisData,
  type DeadlineRecomputedData,
} from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';
import { CATALOG_MATTER_CODE_SHAPE } from './double-publicity.events';
import { SUBJECT_KINDS, type SubjectKind } from './subject-registry.events';

/**
 * 审批替代型, 容缺受理型, 证明事项告知承诺型, 行业自律型, 信用修复型, 主动公示型.
 */
export type CommitmentType =
  | 'APPROVAL_REPLACEMENT'
  | 'DEFICIENCY_TOLERANCE'
  | 'CERTIFICATION'
  | 'INDUSTRY_SELF_DISCIPLINE'
  | 'CREDIT_REPAIR'
  | 'VOLUNTARY_DISCLOSURE';
export const COMMITMENT_TYPES: readonly CommitmentType[] = [
  'APPROVAL_REPLACEMENT',
  'DEFICIENCY_TOLERANCE',
  'CERTIFICATION',
  'INDUSTRY_SELF_DISCIPLINE',
  'CREDIT_REPAIR',
  'VOLUNTARY_DISCLOSURE',
];

/** Kept, broken (违诺), or made on false statements (虚假承诺). */
export type FulfilmentOutcome = 'FULFILLED' | 'BREACHED' | 'FALSE';
export const FULFILMENT_OUTCOMES: readonly FulfilmentOutcome[] = ['FULFILLED', 'BREACHED', 'FALSE'];

export interface CommitmentSubject {
  kind: SubjectKind;
  /** The USCC; null for natural persons. */
  code: string | null;
  /** The USCC as is, or the masked ID number (`450102********1238`) of a natural person. */
  maskedCode: string;
}

export interface CommitmentSignedV1 {
  commitmentId: string;
  subject: CommitmentSubject;
  type: CommitmentType;
  /** The commitment matter (承诺事项) from the published list. */
  matter: string;
  /** The commitment text as signed; clear ID numbers are masked by the producer. */
  text: string;
  /** `YYYY-MM-DD`. */
  signedOn: string;
  validUntil?: string;
  public: boolean;
  acceptingUnit: { name: string; code: string };
}

/**
 * The bounds of the evidence a finding cites: the request DTO and the event schema both use them,
 * so that what the edge accepts is what every consumer accepts.
 */
export const COMMITMENT_EVIDENCE_LIMITS = {
  /** As many items as a matter may require (its `evidenceRequired`), with room for some not required. */
  maxItems: 50,
  /** As long as a matter's evidence names (`evidenceRequired` items). */
  itemMaxLength: 200,
  referenceMaxLength: 500,
} as const;

/** A piece of evidence the accepting unit verified: which item (as the matter names it) and where it is kept. */
export interface CommitmentEvidence {
  item: string;
  /** The record's number, file reference or location; clear ID numbers are masked by the producer. */
  reference: string;
}

export interface CommitmentFulfilmentRecordedV1 {
  commitmentId: string;
  outcome: FulfilmentOutcome;
  note: string;
  /** `YYYY-MM-DD`. */
  decidedOn: string;
  /**
   * Added to v1 compatibly (optional): the evidence the finding rests on. A FULFILLED finding on a
   * commitment whose matter requires evidence names every required item; absent on earlier events.
   */
  evidence?: CommitmentEvidence[];
}

const COMMITMENT_ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const organisationKinds = SUBJECT_KINDS.filter((kind) => kind !== 'NATURAL_PERSON');

/** A subject as commitments and credit-sharing name it: kind, USCC (null for natural persons), masked code. */
export const MASKED_SUBJECT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'code', 'maskedCode'],
  properties: {
    kind: { type: 'string', enum: SUBJECT_KINDS },
    code: { type: ['string', 'null'], description: 'The USCC; null for natural persons.' },
    maskedCode: { type: 'string', description: 'The USCC as is; for natural persons the masked ID number.' },
  },
  allOf: [
    {
      // A natural person's number never travels in clear: the envelope's subject key names the person.
      if: { required: ['kind'], properties: { kind: { const: 'NATURAL_PERSON' } } },
      then: { properties: { code: { type: 'null' }, maskedCode: { type: 'string', pattern: MASKED_CITIZEN_ID_NUMBER } } },
    },
    {
      if: { required: ['kind'], properties: { kind: { enum: organisationKinds } } },
      then: { properties: { code: { type: 'string', pattern: USCC_SHAPE }, maskedCode: { type: 'string', pattern: USCC_SHAPE } } },
    },
  ],
};

export const commitmentSignedV1 = defineEvent<CommitmentSignedV1>({
  type: 'commitments.commitment-signed',
  version: 1,
  topic: 'subject',
  description:
    'A subject signed a credit commitment (信用承诺) before an accepting unit. A CREDIT_REPAIR commitment is always ' +
    'public: it is the 信用修复型 public commitment a repair requires (domain.md §4).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['commitmentId', 'subject', 'type', 'matter', 'text', 'signedOn', 'public', 'acceptingUnit'],
    properties: {
      commitmentId: COMMITMENT_ID,
      subject: MASKED_SUBJECT_SCHEMA,
      type: { type: 'string', enum: COMMITMENT_TYPES },
      matter: textWithoutIdNumber('The commitment matter (承诺事项).', 200),
      text: textWithoutIdNumber('The commitment text as signed.', 5000),
      signedOn: dateSchema('Date of signature, YYYY-MM-DD.'),
      validUntil: dateSchema('Last day the commitment binds, YYYY-MM-DD.'),
      public: { type: 'boolean', description: 'Whether the commitment is published (公开承诺).' },
      acceptingUnit: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'code'],
        properties: {
          name: textWithoutIdNumber('Name of the accepting unit.', 200),
          code: { type: 'string', pattern: USCC_SHAPE, description: 'USCC of the accepting unit.' },
        },
      },
    },
    if: { required: ['type'], properties: { type: { const: 'CREDIT_REPAIR' } } },
    then: { properties: { public: { const: true } } },
  },
});

export const commitmentFulfilmentRecordedV1 = defineEvent<CommitmentFulfilmentRecordedV1>({
  type: 'commitments.commitment-fulfilment-recorded',
  version: 1,
  topic: 'subject',
  description:
    'The accepting unit found a commitment kept, breached (违诺) or false (虚假承诺); recorded once. Breaches and false ' +
    'commitments count against the subject in grading and can lead to a list nomination (domain.md §6).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['commitmentId', 'outcome', 'note', 'decidedOn'],
    properties: {
      commitmentId: COMMITMENT_ID,
      outcome: { type: 'string', enum: FULFILMENT_OUTCOMES },
      note: textWithoutIdNumber('The finding, for the record.', 2000),
      decidedOn: dateSchema('Date of the finding, YYYY-MM-DD.'),
      evidence: {
        type: 'array',
        maxItems: COMMITMENT_EVIDENCE_LIMITS.maxItems,
        description: 'Added to v1 compatibly: the evidence the finding rests on (every item the matter requires, for a FULFILLED finding).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['item', 'reference'],
          properties: {
            item: textWithoutIdNumber('The evidence item, as the matter names it.', COMMITMENT_EVIDENCE_LIMITS.itemMaxLength, 'name'),
            reference: textWithoutIdNumber('Where the evidence is kept: record number, file reference.', COMMITMENT_EVIDENCE_LIMITS.referenceMaxLength, 'line'),
          },
        },
      },
    },
  },
});

/** What a breach (or a false commitment) of a matter's commitments triggers (承诺事项清单: 失信后果). */
export type CommitmentConsequence = 'NONE' | 'LIST_NOMINATION' | 'GRADE_FACTOR';
export const COMMITMENT_CONSEQUENCES: readonly CommitmentConsequence[] = ['NONE', 'LIST_NOMINATION', 'GRADE_FACTOR'];

/** The placeholders a matter's template may use; the platform fills them when the commitment is signed. */
export const COMMITMENT_TEMPLATE_PLACEHOLDERS = ['subjectName', 'matterName', 'date', 'acceptingUnitName'] as const;
export type CommitmentTemplatePlaceholder = (typeof COMMITMENT_TEMPLATE_PLACEHOLDERS)[number];

/** How the accepting unit verifies a matter's commitments: within N working days of the signature, on this evidence. */
export interface CommitmentVerificationRule {
  workingDays: number;
  evidenceRequired: string[];
}

export interface CommitmentMatterRegisteredV1 {
  /** USCC of the department whose list (承诺事项清单) holds the matter; it is the accepting unit of its commitments. */
  departmentCode: string;
  departmentName: string;
  code: string;
  matterVersion: number;
  name: string;
  type: CommitmentType;
  legalBasis: string;
  /** The standard text, with `{subjectName}`, `{matterName}`, `{date}`, `{acceptingUnitName}` placeholders. */
  template: string;
  verification: CommitmentVerificationRule;
  consequenceOnBreach: CommitmentConsequence;
  public: boolean;
}

export const commitmentMatterRegisteredV1 = defineEvent<CommitmentMatterRegisteredV1>({
  type: 'commitments.matter-registered',
  version: 1,
  topic: 'reference',
  description:
    "A matter entered a department's list of commitment matters (承诺事项清单, domain.md §6), or its next version was " +
    'registered: type, legal basis, standard template, how fulfilment is verified, what a breach triggers, whether public.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['departmentCode', 'departmentName', 'code', 'matterVersion', 'name', 'type', 'legalBasis', 'template', 'verification', 'consequenceOnBreach', 'public'],
    properties: {
      departmentCode: { type: 'string', pattern: USCC_SHAPE, description: 'USCC of the department (the accepting unit).' },
      departmentName: textWithoutIdNumber('Name of the department.', 200),
      code: { type: 'string', pattern: CATALOG_MATTER_CODE_SHAPE, description: "The department's code of the matter." },
      matterVersion: { type: 'integer', minimum: 1 },
      name: textWithoutIdNumber('Name of the matter.', 200),
      type: { type: 'string', enum: COMMITMENT_TYPES },
      legalBasis: textWithoutIdNumber('Law or regulation the matter rests on.', 2000),
      template: textWithoutIdNumber('Standard commitment text with placeholders.', 5000),
      verification: {
        type: 'object',
        additionalProperties: false,
        required: ['workingDays', 'evidenceRequired'],
        properties: {
          workingDays: { type: 'integer', minimum: 1, maximum: 250, description: 'Working days after the signature within which the accepting unit verifies.' },
          evidenceRequired: { type: 'array', maxItems: 20, items: textWithoutIdNumber('Evidence the verification requires.', 200) },
        },
      },
      consequenceOnBreach: { type: 'string', enum: COMMITMENT_CONSEQUENCES },
      public: { type: 'boolean' },
    },
    if: { required: ['type'], properties: { type: { const: 'CREDIT_REPAIR' } } },
    then: { properties: { public: { const: true } } },
  },
});

/** v2: a commitment names the matter of the list it was signed under, with the verification due and the consequence of a breach. */
export interface CommitmentSignedV2 extends CommitmentSignedV1 {
  /** Absent for commitments signed without a listed matter (before the list, or free-form). */
  matterRef?: { departmentCode: string; code: string; version: number };
  verification?: CommitmentVerificationRule & {
    /** The last working day on which the accepting unit verifies (within `workingDays` of `signedOn`). */
    dueOn: string;
    provisional: boolean;
    calendar: CalendarBasisData[];
  };
  consequenceOnBreach?: CommitmentConsequence;
}

export const commitmentSignedV2 = defineEvent<CommitmentSignedV2>({
  type: 'commitments.commitment-signed',
  version: 2,
  topic: 'subject',
  description:
    commitmentSignedV1.description +
    ' v2: a commitment signed under a listed matter (承诺事项清单) names it (matterRef), with the verification due (working days, ' +
    'on the platform calendar) and what a breach triggers.',
  schema: {
    ...commitmentSignedV1.schema,
    properties: {
      ...(commitmentSignedV1.schema.properties as Record<string, JsonSchema>),
      matterRef: {
        type: 'object',
        additionalProperties: false,
        required: ['departmentCode', 'code', 'version'],
        properties: {
          departmentCode: { type: 'string', pattern: USCC_SHAPE },
          code: { type: 'string', pattern: CATALOG_MATTER_CODE_SHAPE },
          version: { type: 'integer', minimum: 1 },
        },
      },
      verification: {
        type: 'object',
        additionalProperties: false,
        required: ['workingDays', 'evidenceRequired', 'dueOn', 'provisional', 'calendar'],
        properties: {
          workingDays: { type: 'integer', minimum: 1, maximum: 250 },
          evidenceRequired: { type: 'array', maxItems: 20, items: textWithoutIdNumber('Evidence the verification requires.', 200) },
          dueOn: dateSchema('Last working day of the verification, YYYY-MM-DD.'),
          provisional: { type: 'boolean' },
          calendar: calendarBasisSchema('The calendar the due day was computed on.'),
        },
      },
      consequenceOnBreach: { type: 'string', enum: COMMITMENT_CONSEQUENCES },
    },
  },
});

/** Ended without a finding on its fulfilment: its term ran out (EXPIRED), or it was withdrawn (WITHDRAWN). */
export type CommitmentClosure = 'EXPIRED' | 'WITHDRAWN';
export const COMMITMENT_CLOSURES: readonly CommitmentClosure[] = ['EXPIRED', 'WITHDRAWN'];

export interface CommitmentClosedV1 {
  commitmentId: string;
  status: CommitmentClosure;
  reason: string;
  /** `YYYY-MM-DD`. */
  decidedOn: string;
}

export const commitmentClosedV1 = defineEvent<CommitmentClosedV1>({
  type: 'commitments.commitment-closed',
  version: 1,
  topic: 'subject',
  description:
    'The accepting unit ended a commitment in force without a finding on its fulfilment: its term ran out (EXPIRED) ' +
    'or it was withdrawn (WITHDRAWN). Neither counts against the subject.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['commitmentId', 'status', 'reason', 'decidedOn'],
    properties: {
      commitmentId: COMMITMENT_ID,
      status: { type: 'string', enum: COMMITMENT_CLOSURES },
      reason: textWithoutIdNumber('Why, for the record.', 2000),
      decidedOn: dateSchema('Date of the decision, YYYY-MM-DD.'),
    },
  },
});

/**
 * The verification day of a commitment in force recomputed because a year's working-day schedule it
 * counted provisionally was published (never a silent rewrite): the work queue and the overdue
 * figures follow `dueOn` from then on.
 */
export interface CommitmentVerificationDueDateRecomputedV1 extends DeadlineRecomputedData {
  commitmentId: string;
  /** The verification day before the recomputation, `YYYY-MM-DD`. */
  previousDueOn: string;
  /** The last working day of the verification on the published calendar, `YYYY-MM-DD` (`dueBy` is its end). */
  dueOn: string;
}

export const commitmentVerificationDueDateRecomputedV1 = defineEvent<CommitmentVerificationDueDateRecomputedV1>({
  type: 'commitments.verification-due-date-recomputed',
  version: 1,
  topic: 'subject',
  description:
    "The verification day of a commitment in force, computed on a provisional year's calendar, was recomputed when the " +
    'credit office published that year: the previous and the new day, the calendar, and whether it moved earlier.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['commitmentId', 'previousDueOn', 'dueOn', ...DEADLINE_RECOMPUTED_REQUIRED],
    properties: {
      commitmentId: COMMITMENT_ID,
      previousDueOn: dateSchema('The verification day before the recomputation, YYYY-MM-DD.'),
      dueOn: dateSchema('The verification day on the published calendar, YYYY-MM-DD.'),
      ...deadlineRecomputedProperties('verification due time'),
    },
  },
});

export const commitmentsCatalog: EventCatalog = {
  events: [
    commitmentSignedV1,
    commitmentSignedV2,
    commitmentFulfilmentRecordedV1,
    commitmentMatterRegisteredV1,
    commitmentClosedV1,
    commitmentVerificationDueDateRecomputedV1,
  ],
  // Every v1 signature is a valid v2 one: it names no listed matter.
  upcasters: [{ type: commitmentSignedV1.type, fromVersion: 1, upcast: (data: CommitmentSignedV1): CommitmentSignedV2 => ({ ...data }) }],
};
