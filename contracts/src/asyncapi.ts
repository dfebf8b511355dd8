import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_ENVELOPE_SCHEMA, TOPIC_ENVELOPE_SCHEMAS } from './envelope.schema';
import { eventRegistry } from './events';
import { EventDefinition, EventRegistry } from './registry';
import { EventTopic, TOPIC_CONFIG, TOPIC_SPECS } from './topics';

/** Version of the contracts package, and so of the document generated from it. */
export const CONTRACTS_VERSION = '0.1.0';

/** The committed document, at the root of the contracts package (next to `src/` and `dist/`). */
export const ASYNCAPI_DOCUMENT_PATH = join(__dirname, '..', 'asyncapi.json');

const KAFKA_BINDING_VERSION = '0.5.0';

const CHANNEL_IDS: Readonly<Record<EventTopic, string>> = { subject: 'subjectEvents', reference: 'reference' };

export interface AsyncApiOptions {
  /** Registry to document; the platform's catalog by default. */
  registry?: EventRegistry;
  /**
   * Partition count of each topic in the deployment described. A deployment setting (1 locally,
   * many in production), so the committed document leaves it out.
   */
  partitions?: number;
  /** Replication factor of each topic in the deployment described. */
  replicas?: number;
}

export type AsyncApiDocument = Record<string, unknown>;

/** Name of a message and of its data schema in `components`: `<type>.v<version>`. */
export const messageName = (definition: EventDefinition): string => `${definition.type}.v${definition.version}`;

/**
 * The AsyncAPI 3.0 document of the platform's topics, generated from the registry: every
 * registered event type and version is a message whose payload is the envelope narrowed to that
 * type, version and `data` schema, so the published schemas are exactly those consumers enforce.
 */
export function buildAsyncApiDocument(options: AsyncApiOptions = {}): AsyncApiDocument {
  const registry = options.registry ?? eventRegistry;
  const definitions = registry.definitions();
  const topics = Object.keys(TOPIC_SPECS) as EventTopic[];

  const schemas: Record<string, unknown> = { EventEnvelope: EVENT_ENVELOPE_SCHEMA };
  const messages: Record<string, unknown> = {};
  for (const definition of definitions) {
    const name = messageName(definition);
    const spec = TOPIC_SPECS[definition.topic];
    schemas[name] = definition.schema;
    messages[name] = {
      name,
      title: `${definition.type} (version ${definition.version})`,
      summary: definition.description,
      contentType: 'application/json',
      payload: {
        allOf: [
          { $ref: '#/components/schemas/EventEnvelope' },
          TOPIC_ENVELOPE_SCHEMAS[definition.topic],
          {
            type: 'object',
            properties: {
              type: { const: definition.type },
              version: { const: definition.version },
              data: { $ref: `#/components/schemas/${name}` },
            },
          },
        ],
      },
      bindings: {
        kafka: { key: { type: 'string', description: spec.key }, bindingVersion: KAFKA_BINDING_VERSION },
      },
    };
  }

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of topics) {
    const spec = TOPIC_SPECS[topic];
    const channelId = CHANNEL_IDS[topic];
    const channelMessages = Object.fromEntries(
      definitions
        .filter((definition) => definition.topic === topic)
        .map((definition) => [messageName(definition), { $ref: `#/components/messages/${messageName(definition)}` }]),
    );
    channels[channelId] = {
      address: spec.name,
      title: spec.title,
      description:
        `${spec.description} Message key: ${spec.key[0].toLowerCase()}${spec.key.slice(1)} ` +
        'Events are kept forever (retention -1, no compaction); the partition count is a deployment setting.',
      messages: channelMessages,
      bindings: {
        kafka: {
          topic: spec.name,
          ...(options.partitions !== undefined ? { partitions: options.partitions } : {}),
          ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
          topicConfiguration: {
            'cleanup.policy': [TOPIC_CONFIG['cleanup.policy']],
            'retention.ms': Number(TOPIC_CONFIG['retention.ms']),
            'retention.bytes': Number(TOPIC_CONFIG['retention.bytes']),
          },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    const messageRefs = Object.keys(channelMessages).map((name) => ({ $ref: `#/channels/${channelId}/messages/${name}` }));
    const capitalised = channelId[0].toUpperCase() + channelId.slice(1);
    operations[`publish${capitalised}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      title: `Publish to ${spec.name}`,
      summary:
        'Services publish the events of their event store through their relay: in commit order per key, at least ' +
        'once; the event id is the idempotency key.',
      messages: messageRefs,
    };
    operations[`consume${capitalised}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      title: `Consume ${spec.name}`,
      summary:
        'Consumers validate each event against this contract, park unknown newer versions, upcast older ones, ' +
        `dedupe by event id, and dead-letter poison events to ${spec.name}.dlq.<group>.`,
      messages: messageRefs,
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Credit platform events (公共信用信息平台)',
      version: CONTRACTS_VERSION,
      description:
        'Events of the municipal public credit information platform. Every event is an EventEnvelope whose `data` ' +
        'follows the schema of its `type` and `version`. Events never carry a natural person\'s clear ID number.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The document as committed: 2-space JSON with a final newline. */
export function renderAsyncApiDocument(options: AsyncApiOptions = {}): string {
  return `${JSON.stringify(buildAsyncApiDocument(options), null, 2)}\n`;
}

/** Rewrites the committed document from the registry; returns whether it changed. */
export function writeAsyncApiDocument(path: string = ASYNCAPI_DOCUMENT_PATH): boolean {
  const rendered = renderAsyncApiDocument();
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === rendered) return false;
  writeFileSync(path, rendered);
  return true;
}
