import { EVENT_TYPE_PATTERN, JsonSchema, timestampSchema } from './json-schema';
import { EventTopic } from './topics';

/** Custom format of the envelope `id`: a UUID that is neither the nil nor the max UUID. */
export const EVENT_ID_FORMAT = 'event-id';

const identifier = (description: string): JsonSchema => ({ type: 'string', description, minLength: 1, maxLength: 256 });

/**
 * JSON Schema of the event envelope (`EventEnvelope` in `envelope.ts`). Unknown envelope fields
 * are refused: the envelope changes only as a platform-wide contract change, and a stray field
 * is where an unmasked personal datum would slip onto a topic that keeps everything forever.
 */
export const EVENT_ENVELOPE_SCHEMA: JsonSchema = {
  title: 'EventEnvelope',
  description: 'The envelope of every event the platform stores and publishes.',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'type',
    'version',
    'stream',
    'streamVersion',
    'subjectKey',
    'occurredAt',
    'recordedAt',
    'correlationId',
    'causationId',
    'actor',
    'data',
  ],
  properties: {
    id: {
      type: 'string',
      format: EVENT_ID_FORMAT,
      description: 'UUIDv7 of the event; the idempotency key of the event everywhere downstream.',
    },
    type: {
      type: 'string',
      pattern: EVENT_TYPE_PATTERN,
      maxLength: 128,
      description: '`<service>.<event-name>` in kebab-case, e.g. `double-publicity.penalty-published`.',
    },
    version: { type: 'integer', minimum: 1, description: 'Schema version of `data` for this type (starts at 1).' },
    stream: identifier('Aggregate stream the event belongs to, e.g. `penalty-<id>`.'),
    streamVersion: { type: 'integer', minimum: 1, description: '1-based position of the event in its stream.' },
    subjectKey: {
      type: ['string', 'null'],
      minLength: 1,
      maxLength: 128,
      description:
        'Key of the credit subject: the USCC for organisations and individual businesses, a keyed HMAC of the ' +
        'citizen ID number for natural persons; null for reference data.',
    },
    occurredAt: timestampSchema('When the fact happened in the domain (ISO 8601 with offset).'),
    recordedAt: timestampSchema('When the platform recorded it (ISO 8601 with offset).'),
    correlationId: identifier(
      'Travels unchanged through a whole business flow (the repair application id during a repair).',
    ),
    causationId: {
      type: ['string', 'null'],
      minLength: 1,
      maxLength: 256,
      description: 'Id of the event or request that caused this one.',
    },
    actor: {
      type: 'object',
      additionalProperties: false,
      required: ['departmentCode'],
      properties: {
        departmentCode: {
          type: 'string',
          minLength: 1,
          maxLength: 64,
          description: 'USCC of the department, or `system` for the platform\'s own schedulers.',
        },
        user: { type: 'string', minLength: 1, maxLength: 256, description: 'User or system account, when known.' },
      },
    },
    data: { type: 'object', description: 'The event\'s facts; schema given by `type` and `version`.' },
  },
};

/**
 * What the topic of an event type requires of the envelope: a subject event is keyed by its
 * subject, so it cannot be published without a subject key; reference data is about no subject.
 */
export const TOPIC_ENVELOPE_SCHEMAS: Readonly<Record<EventTopic, JsonSchema>> = {
  subject: {
    type: 'object',
    properties: {
      subjectKey: {
        type: 'string',
        description: 'Required on the subject topic: it is the message key.',
      },
    },
  },
  reference: {
    type: 'object',
    properties: {
      subjectKey: { type: 'null', description: 'Reference data is not about one credit subject.' },
    },
  },
};
