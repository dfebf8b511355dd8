/**
 * Events of the platform's operations, appended by the service an operator acted on (role ops):
 * resolving a dead letter (`POST /api/v1/ops/dead-letters/{id}/redrive|discard`, stream
 * `dead-letter-<consumer group>-<id>`) or re-publishing stored events (`POST /api/v1/ops/republish`,
 * stream `republish-<service>`). The audit of who did what, and when. Reference data (about no
 * credit subject).
 */
import { JsonSchema, textWithoutIdNumber } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

export interface DeadLetterResolvedData {
  /** The service and consumer group that dead-lettered the record. */
  service: string;
  consumerGroup: string;
  /** The dead letter's id in that service's `dead_letters` table. */
  deadLetterId: string;
  /** Why it had been dead-lettered (malformed-json, invalid-data, handler-failed, ...). */
  reason: string;
  eventId?: string;
  eventType?: string;
}

export interface DeadLetterRedrivenV1 extends DeadLetterResolvedData {
  /** Fed to the handlers again and applied (once: the inbox keeps a record to one effect). */
  outcome: 'APPLIED';
}

export interface DeadLetterDiscardedV1 extends DeadLetterResolvedData {
  /** Why the operator discarded it. */
  note: string;
}

const resolvedProperties: Record<string, JsonSchema> = {
  service: { type: 'string', minLength: 1, maxLength: 100 },
  consumerGroup: { type: 'string', minLength: 1, maxLength: 255 },
  deadLetterId: { type: 'string', pattern: '^[0-9]{1,19}$' },
  reason: { type: 'string', minLength: 1, maxLength: 50 },
  eventId: { type: 'string', format: 'uuid' },
  eventType: { type: 'string', minLength: 1, maxLength: 200 },
};

export const deadLetterRedrivenV1 = defineEvent<DeadLetterRedrivenV1>({
  type: 'ops.dead-letter-redriven',
  version: 1,
  topic: 'reference',
  description: "An operator fed a dead-lettered record to its consumer's handlers again, after a fix, and it was applied.",
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'consumerGroup', 'deadLetterId', 'reason', 'outcome'],
    properties: { ...resolvedProperties, outcome: { type: 'string', enum: ['APPLIED'] } },
  },
});

export const deadLetterDiscardedV1 = defineEvent<DeadLetterDiscardedV1>({
  type: 'ops.dead-letter-discarded',
  version: 1,
  topic: 'reference',
  description: 'An operator discarded a dead-lettered record, saying why; it will not be applied.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'consumerGroup', 'deadLetterId', 'reason', 'note'],
    properties: { ...resolvedProperties, note: textWithoutIdNumber('Why the record was discarded.', 2000) },
  },
});


export interface EventsRepublishedV1 {
  service: string;
  /** The stored events put back in the outbox: global positions from..to (inclusive), one stream or all. */
  fromPosition: string;
  toPosition: string;
  stream?: string;
  count: number;
}

export const eventsRepublishedV1 = defineEvent<EventsRepublishedV1>({
  type: 'ops.events-republished',
  version: 1,
  topic: 'reference',
  description:
    "An operator re-published a range of a service's stored events to Kafka (same event ids, so consumers' inboxes drop what they already applied), after a lost topic or for a new consumer.",
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'fromPosition', 'toPosition', 'count'],
    properties: {
      service: { type: 'string', minLength: 1, maxLength: 100 },
      fromPosition: { type: 'string', pattern: '^[0-9]{1,19}$' },
      toPosition: { type: 'string', pattern: '^[0-9]{1,19}$' },
      stream: { type: 'string', minLength: 1, maxLength: 300 },
      count: { type: 'integer', minimum: 0 },
    },
  },
});

export const operationsCatalog: EventCatalog = { events: [deadLetterRedrivenV1, deadLetterDiscardedV1, eventsRepublishedV1] };
