import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_DOCUMENT_PATH, CONTRACTS_VERSION, buildAsyncApiDocument, messageName, renderAsyncApiDocument } from './asyncapi';
import { EVENT_ID_FORMAT } from './envelope.schema';
import { eventRegistry, subjectRegisteredV1 } from './events';
import { newEventId } from './ids';
import { EventRegistry, defineEvent } from './registry';

type Doc = any;

describe('the committed AsyncAPI document', () => {
  it('is exactly what the registry generates (regenerate with `npm run asyncapi -w @credit/contracts`)', () => {
    const committed = readFileSync(ASYNCAPI_DOCUMENT_PATH, 'utf8');
    expect(committed).toBe(renderAsyncApiDocument());
  });

  it('carries the version of the contracts package', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(CONTRACTS_VERSION).toBe(pkg.version);
    expect(buildAsyncApiDocument().info).toMatchObject({ version: pkg.version });
  });
});

describe('buildAsyncApiDocument', () => {
  const doc: Doc = buildAsyncApiDocument();

  it('is an AsyncAPI 3.0 document describing both topics, kept forever', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    const channels = Object.values(doc.channels) as Doc[];
    expect(channels.map((c) => c.address).sort()).toEqual(['credit.reference', 'credit.subject-events']);
    for (const channel of channels) {
      expect(channel.bindings.kafka).toMatchObject({
        topic: channel.address,
        topicConfiguration: { 'retention.ms': -1, 'retention.bytes': -1, 'cleanup.policy': ['delete'] },
      });
      expect(channel.bindings.kafka.partitions).toBeUndefined();
    }
  });

  it('lists every registered event type and version as a message of its topic', () => {
    const subjectMessages = Object.keys(doc.channels.subjectEvents.messages);
    const expected = eventRegistry.definitions().filter((d) => d.topic === 'subject').map(messageName);
    expect(expected).toEqual(
      expect.arrayContaining([
        'subject-registry.subject-registered.v1',
        'subject-registry.legacy-code-added.v1',
        'subject-registry.code-quality-finding-recorded.v1',
      ]),
    );
    expect(subjectMessages.sort()).toEqual([...expected].sort());
    expect(Object.keys(doc.components.messages).sort()).toEqual(eventRegistry.definitions().map(messageName).sort());
    expect(doc.operations.publishSubjectEvents.messages).toHaveLength(expected.length);
    expect(doc.operations.consumeSubjectEvents).toMatchObject({ action: 'receive', channel: { $ref: '#/channels/subjectEvents' } });
  });

  it('publishes each data schema as is, inside the envelope, with the message key described', () => {
    const name = messageName(subjectRegisteredV1);
    expect(doc.components.schemas[name]).toEqual(subjectRegisteredV1.schema);
    const message = doc.components.messages[name];
    expect(message.payload.allOf[0]).toEqual({ $ref: '#/components/schemas/EventEnvelope' });
    expect(message.payload.allOf[2].properties).toEqual({
      type: { const: subjectRegisteredV1.type },
      version: { const: 1 },
      data: { $ref: `#/components/schemas/${name}` },
    });
    expect(message.bindings.kafka.key.description).toMatch(/subject key/i);
  });

  it('puts reference events on credit.reference, keyed by entity id, and takes the partition count as a setting', () => {
    const matterAdded = defineEvent({
      type: 'test-catalog.matter-added',
      version: 1,
      topic: 'reference',
      description: 'a catalog matter',
      schema: { type: 'object', additionalProperties: false, properties: {} },
    });
    const registry = new EventRegistry().register(subjectRegisteredV1).register(matterAdded);
    const custom: Doc = buildAsyncApiDocument({ registry, partitions: 12, replicas: 3 });
    expect(Object.keys(custom.channels.reference.messages)).toEqual(['test-catalog.matter-added.v1']);
    expect(Object.keys(custom.channels.subjectEvents.messages)).toEqual(['subject-registry.subject-registered.v1']);
    expect(custom.components.messages['test-catalog.matter-added.v1'].bindings.kafka.key.description).toMatch(/entity/);
    expect(custom.channels.reference.bindings.kafka).toMatchObject({ partitions: 12, replicas: 3 });
    expect(custom.channels.subjectEvents.bindings.kafka).toMatchObject({ partitions: 12, replicas: 3 });
  });

  it('has only internal references that resolve', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref') refs.push(value as string);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#/')).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<any>((node, token) => node?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect({ ref, resolved: target !== undefined }).toEqual({ ref, resolved: true });
    }
  });

  it('lets a consumer holding only the document enforce the same contract', () => {
    // A generic JSON Schema validator: it knows nothing of the registry, only the published document.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat(EVENT_ID_FORMAT, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addSchema({ $id: 'asyncapi.json', ...JSON.parse(readFileSync(ASYNCAPI_DOCUMENT_PATH, 'utf8')) });
    const validate = ajv.getSchema('asyncapi.json#/components/messages/subject-registry.subject-registered.v1/payload')!;
    const event = {
      id: newEventId(),
      type: subjectRegisteredV1.type,
      version: 1,
      stream: 'subject-np-1',
      streamVersion: 1,
      subjectKey: 'k1:5f0c',
      occurredAt: '2025-03-04T09:30:00+08:00',
      recordedAt: '2025-03-04T09:30:00+08:00',
      correlationId: 'c-1',
      causationId: null,
      actor: { departmentCode: 'system' },
      data: { kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1238', name: '张三', legacyCodes: [] },
    };
    expect(validate(event)).toBe(true);
    expect(validate({ ...event, data: { ...event.data, maskedCode: '450102199003071238' } })).toBe(false);
    expect(validate({ ...event, subjectKey: null })).toBe(false);
    expect(validate({ ...event, version: 2 })).toBe(false);
  });
});
