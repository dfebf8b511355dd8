/**
 * Events of subject-registry: credit subjects (统一社会信用代码 holders and natural persons),
 * their legacy codes and the code-quality findings (重错码) about them. All go to the subject
 * topic, keyed by the subject key.
 */
import { JsonSchema, MASKED_CITIZEN_ID_NUMBER, USCC_SHAPE, dateSchema, textWithoutIdNumber } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

export type SubjectKind = 'LEGAL_PERSON' | 'OTHER_ORGANIZATION' | 'INDIVIDUAL_BUSINESS' | 'NATURAL_PERSON';
export const SUBJECT_KINDS: readonly SubjectKind[] = [
  'LEGAL_PERSON',
  'OTHER_ORGANIZATION',
  'INDIVIDUAL_BUSINESS',
  'NATURAL_PERSON',
];

/** Identifiers issued before the unified social credit code, still found in department feeds. */
export type LegacyCodeScheme = 'REGISTRATION_NO' | 'ORGANIZATION_CODE' | 'TAX_NO';
export const LEGACY_CODE_SCHEMES: readonly LegacyCodeScheme[] = ['REGISTRATION_NO', 'ORGANIZATION_CODE', 'TAX_NO'];

export interface LegacyCode {
  scheme: LegacyCodeScheme;
  value: string;
}

export interface SubjectRegisteredV1 {
  kind: SubjectKind;
  /** The USCC for organisations and individual businesses; null for natural persons. */
  code: string | null;
  /** The USCC as is, or the masked ID number (`450102********1238`) for natural persons. */
  maskedCode: string;
  name: string;
  legalRepresentative?: string;
  /** `YYYY-MM-DD`. */
  registeredOn?: string;
  registrationAuthority?: string;
  legacyCodes: LegacyCode[];
}

export interface LegacyCodeAddedV1 {
  scheme: LegacyCodeScheme;
  value: string;
}

export type CodeQualityFinding = 'DUPLICATE_CODE' | 'INVALID_CODE';

export interface CodeQualityFindingRecordedV1 {
  finding: CodeQualityFinding;
  /** The field of the subject the finding is about, e.g. `code`. */
  field: string;
  detail: string;
}

const legacyCodeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['scheme', 'value'],
  properties: {
    scheme: { type: 'string', enum: LEGACY_CODE_SCHEMES, description: '工商注册号, 组织机构代码 or 税务登记号.' },
    // Registration numbers of the old formats can hold Chinese characters, hence free text; a
    // tax number of an individual business is often the operator's ID number (plus two digits),
    // which the refusal keeps off the topics.
    value: textWithoutIdNumber('The legacy identifier as registered.', 64),
  },
  if: { required: ['scheme'], properties: { scheme: { const: 'ORGANIZATION_CODE' } } },
  then: {
    properties: {
      value: { type: 'string', pattern: '^[0-9A-Z]{8}-?[0-9X]$', description: 'GB 11714 organisation code.' },
    },
  },
};

const organisationKinds = SUBJECT_KINDS.filter((kind) => kind !== 'NATURAL_PERSON');

export const subjectRegisteredV1 = defineEvent<SubjectRegisteredV1>({
  type: 'subject-registry.subject-registered',
  version: 1,
  topic: 'subject',
  description:
    'A credit subject was registered: an organisation or individual business under its unified social credit ' +
    'code, or a natural person under the keyed hash of the ID number (on the envelope) and its masked form.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'code', 'maskedCode', 'name', 'legacyCodes'],
    properties: {
      kind: { type: 'string', enum: SUBJECT_KINDS },
      code: {
        type: ['string', 'null'],
        description: 'The USCC for organisations and individual businesses; null for natural persons.',
      },
      maskedCode: {
        type: 'string',
        description: 'The USCC as is; for natural persons the masked ID number (450102********1238).',
      },
      name: textWithoutIdNumber('Name of the organisation or person.', 200),
      legalRepresentative: textWithoutIdNumber('Legal representative (法定代表人) or operator.', 100),
      registeredOn: dateSchema('Date of establishment / registration, YYYY-MM-DD.'),
      registrationAuthority: textWithoutIdNumber('Authority that registered the subject.', 200),
      legacyCodes: { type: 'array', maxItems: 20, items: legacyCodeSchema },
    },
    allOf: [
      {
        // A natural person's number never travels in clear: no code, only the masked form, and
        // no legacy codes (for a person the only one would be the ID number itself).
        if: { required: ['kind'], properties: { kind: { const: 'NATURAL_PERSON' } } },
        then: {
          properties: {
            code: { type: 'null' },
            maskedCode: { type: 'string', pattern: MASKED_CITIZEN_ID_NUMBER },
            legacyCodes: { type: 'array', maxItems: 0 },
          },
        },
      },
      {
        // The GB 32100 check characters are verified by the producer; the shape is the contract.
        if: { required: ['kind'], properties: { kind: { enum: organisationKinds } } },
        then: {
          properties: {
            code: { type: 'string', pattern: USCC_SHAPE },
            maskedCode: { type: 'string', pattern: USCC_SHAPE },
          },
        },
      },
    ],
  },
});

export const legacyCodeAddedV1 = defineEvent<LegacyCodeAddedV1>({
  type: 'subject-registry.legacy-code-added',
  version: 1,
  topic: 'subject',
  description: 'A legacy identifier (registration number, organisation code, tax number) was mapped to the subject.',
  schema: { ...legacyCodeSchema, description: 'The legacy code now resolving to the subject.' },
});

export const codeQualityFindingRecordedV1 = defineEvent<CodeQualityFindingRecordedV1>({
  type: 'subject-registry.code-quality-finding-recorded',
  version: 1,
  topic: 'subject',
  description:
    'A code-quality problem (重错码) was found on the subject: its code is used by another subject too, or fails ' +
    'its check character. Counts toward the error rate (target below 1/10000).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['finding', 'field', 'detail'],
    properties: {
      finding: { type: 'string', enum: ['DUPLICATE_CODE', 'INVALID_CODE'] },
      field: {
        type: 'string',
        pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$',
        maxLength: 100,
        description: 'The subject field concerned, e.g. `code` or `legacyCodes.0.value`.',
      },
      // The subject is named by the envelope's subject key; a detail quoting a person's number would leak it.
      detail: textWithoutIdNumber('What is wrong, for the data steward. Never quotes a citizen ID number.', 1000),
    },
  },
});

/**
 * The credit office published a year's working-day schedule (reference data owned by
 * subject-registry): the State Council's notice for the year. Every service that computes
 * deadlines keeps it and recomputes its open deadlines computed on an older version.
 */
export interface CalendarYearPublishedV1 {
  year: number;
  /** 1 for the first publication of the year; each change of content is the next version. */
  version: number;
  source: string;
  holidays: [string, string][];
  workingWeekendDays: string[];
  /** The admin who published it (token subject and name). */
  publishedBy: { sub: string; name?: string };
}

export const calendarYearPublishedV1 = defineEvent<CalendarYearPublishedV1>({
  type: 'subject-registry.calendar-year-published',
  version: 1,
  topic: 'reference',
  description:
    "A year's working-day schedule (国务院办公厅关于部分节假日安排的通知) was published, keyed by `calendar-<year>`. Consumers apply " +
    'the same publishing rules as the REST edge (dates inside the year, no overlapping holidays, working weekend days on a Saturday or Sunday).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['year', 'version', 'source', 'holidays', 'workingWeekendDays', 'publishedBy'],
    properties: {
      year: { type: 'integer', minimum: 2020, maximum: 2099 },
      version: { type: 'integer', minimum: 1 },
      source: { type: 'string', minLength: 1, maxLength: 500 },
      holidays: {
        type: 'array',
        description: 'Inclusive date ranges [from, to].',
        items: { type: 'array', minItems: 2, maxItems: 2, items: dateSchema('A day of the year.') },
      },
      workingWeekendDays: { type: 'array', items: dateSchema('A Saturday or Sunday that is a working day (调休).') },
      publishedBy: {
        type: 'object',
        additionalProperties: false,
        required: ['sub'],
        properties: { sub: { type: 'string', minLength: 1, maxLength: 256 }, name: { type: 'string', maxLength: 256 } },
      },
    },
  },
});

export const subjectRegistryCatalog: EventCatalog = {
  events: [subjectRegisteredV1, legacyCodeAddedV1, codeQualityFindingRecordedV1, calendarYearPublishedV1],
};
