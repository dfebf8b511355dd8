/**
 * Events of the platform's operations, appended by the service an operator acted on (role ops):
 * resolving a dead letter (`POST /api/v1/ops/dead-letters/{id}/redrive|discard`, stream
 * `dead-letter-<consumer group>-<id>`) or re-publishing stored events (`POST /api/v1/ops/republish`,
 * stream `republish-<service>`), or replaying a range of the topics a service consumes through its
 * handlers (`POST /api/v1/ops/replays`, stream `replay-<service>`). The audit of who did what, and
 * when. Reference data (about no credit subject).
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

/** What became of one record of a replayed range (`ops replay`). */
export type ReplayOutcome = 'applied' | 'duplicate' | 'ignored' | 'invalid' | 'parked' | 'failed';
export const REPLAY_OUTCOMES: readonly ReplayOutcome[] = ['applied', 'duplicate', 'ignored', 'invalid', 'parked', 'failed'];

export interface ReplayedPartitionV1 {
  topic: string;
  partition: number;
  /** The range of the partition: first offset (inclusive) to `to` (exclusive). */
  from: string;
  to: string;
  /** The first offset not replayed (`to` when the partition was replayed to its end): a new replay from here resumes it. */
  next: string;
}

export interface EventsReplayedV1 {
  service: string;
  /** The live consumer group whose handlers and inbox the records went through. */
  consumerGroup: string;
  /** The fresh group the range was read in (`<consumer group>.replay.<replay id>`), deleted at the end. */
  replayGroup: string;
  replayId: string;
  /** A dry run rolled every record's transaction back: it reports what would change, and changed nothing. */
  dryRun: boolean;
  status: 'DONE' | 'CANCELLED' | 'FAILED';
  partitions: ReplayedPartitionV1[];
  /** Records in the range, and records replayed. */
  total: number;
  processed: number;
  outcomes: Record<ReplayOutcome, number>;
  /** Records per event type (`unregistered` for a type outside the contract, `unreadable` for a record without one). */
  byType: Record<string, number>;
  /** At FAILED: why. */
  error?: string;
}

const countSchema: JsonSchema = { type: 'integer', minimum: 0 };

export const eventsReplayedV1 = defineEvent<EventsReplayedV1>({
  type: 'ops.events-replayed',
  version: 1,
  topic: 'reference',
  description:
    "An operator replayed a range of the topics a service consumes through that service's handlers, in a fresh consumer group and through the same inbox (an event already applied is a duplicate and changes nothing), to recover from a consumer bug; or, as a dry run, reported what the replay would change, committing nothing.",
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'consumerGroup', 'replayGroup', 'replayId', 'dryRun', 'status', 'partitions', 'total', 'processed', 'outcomes', 'byType'],
    properties: {
      service: { type: 'string', minLength: 1, maxLength: 100 },
      consumerGroup: { type: 'string', minLength: 1, maxLength: 255 },
      replayGroup: { type: 'string', minLength: 1, maxLength: 300 },
      replayId: { type: 'string', format: 'uuid' },
      dryRun: { type: 'boolean' },
      status: { type: 'string', enum: ['DONE', 'CANCELLED', 'FAILED'] },
      partitions: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['topic', 'partition', 'from', 'to', 'next'],
          properties: {
            topic: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,249}$' },
            partition: countSchema,
            from: { type: 'string', pattern: '^[0-9]{1,19}$' },
            to: { type: 'string', pattern: '^[0-9]{1,19}$' },
            next: { type: 'string', pattern: '^[0-9]{1,19}$' },
          },
        },
      },
      total: countSchema,
      processed: countSchema,
      outcomes: {
        type: 'object',
        additionalProperties: false,
        required: [...REPLAY_OUTCOMES],
        properties: Object.fromEntries(REPLAY_OUTCOMES.map((outcome) => [outcome, countSchema])),
      },
      byType: {
        type: 'object',
        maxProperties: 1000,
        propertyNames: { pattern: '^[a-z0-9-]{1,60}(\\.[a-z0-9-]{1,60})?$' },
        additionalProperties: countSchema,
      },
      error: textWithoutIdNumber('Why the replay failed.', 2000),
    },
  },
});

export type ProjectionRebuildStep = 'REQUESTED' | 'RESUMED' | 'INTERRUPTED' | 'FAILED' | 'SWITCHED' | 'RETIRED_DROPPED';

export interface ProjectionChecksumV1 {
  /** Order-independent digest of all the projection's tables, and each table's rows and digest. */
  digest: string;
  tables: Record<string, { rows: number; digest: string }>;
}

export interface ProjectionRebuildRecordedV1 {
  service: string;
  projection: string;
  rebuildId: string;
  /** What happened: asked for, resumed, interrupted, failed, switched to the rebuilt tables, or the old tables dropped. */
  step: ProjectionRebuildStep;
  /** Stored events read and given to the projection so far. */
  read: number;
  applied: number;
  /** At SWITCHED: the live tables and the rebuilt ones over the same events; equal digests mean the projection is deterministic. */
  checksumLive?: ProjectionChecksumV1;
  checksumRebuilt?: ProjectionChecksumV1;
  /** At FAILED: why. */
  error?: string;
}

const checksumSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['digest', 'tables'],
  properties: {
    digest: { type: 'string', pattern: '^[0-9a-f]{16}$' },
    tables: {
      type: 'object',
      propertyNames: { pattern: '^[a-z_][a-z0-9_]{0,62}$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['rows', 'digest'],
        properties: { rows: { type: 'integer', minimum: 0 }, digest: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
      },
    },
  },
};

export const projectionRebuildRecordedV1 = defineEvent<ProjectionRebuildRecordedV1>({
  type: 'ops.projection-rebuild-recorded',
  version: 1,
  topic: 'reference',
  description:
    "A step of an operator's blue/green rebuild of one of a service's read models from its stored events: requested, resumed, interrupted, failed, switched (with the checksums of the old and the rebuilt tables), or the old tables dropped.",
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'projection', 'rebuildId', 'step', 'read', 'applied'],
    properties: {
      service: { type: 'string', minLength: 1, maxLength: 100 },
      projection: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
      rebuildId: { type: 'string', format: 'uuid' },
      step: { type: 'string', enum: ['REQUESTED', 'RESUMED', 'INTERRUPTED', 'FAILED', 'SWITCHED', 'RETIRED_DROPPED'] },
      read: { type: 'integer', minimum: 0 },
      applied: { type: 'integer', minimum: 0 },
      checksumLive: checksumSchema,
      checksumRebuilt: checksumSchema,
      error: textWithoutIdNumber('Why the rebuild failed.', 2000),
    },
  },
});

export const operationsCatalog: EventCatalog = { events: [deadLetterRedrivenV1, deadLetterDiscardedV1, eventsRepublishedV1, eventsReplayedV1, projectionRebuildRecordedV1] };
