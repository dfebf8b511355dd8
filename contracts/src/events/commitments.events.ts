/**
 * Events of commitments (信用承诺, domain.md §6): a credit commitment signed before an accepting
 * unit, and the unit's finding on whether it was kept. Both go to the subject topic keyed by the
 * subject key, so that grading and repair see them in the subject's causal order.
 */
import { JsonSchema, MASKED_CITIZEN_ID_NUMBER, USCC_SHAPE, dateSchema, textWithoutIdNumber } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';
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

export interface CommitmentFulfilmentRecordedV1 {
  commitmentId: string;
  outcome: FulfilmentOutcome;
  note: string;
  /** `YYYY-MM-DD`. */
  decidedOn: string;
}

const COMMITMENT_ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const organisationKinds = SUBJECT_KINDS.filter((kind) => kind !== 'NATURAL_PERSON');

const subjectSchema: JsonSchema = {
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
      subject: subjectSchema,
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
    },
  },
});

export const commitmentsCatalog: EventCatalog = {
  events: [commitmentSignedV1, commitmentFulfilmentRecordedV1],
};
