import { EventEnvelope } from './envelope';
import { codeQualityFindingRecordedV1, eventRegistry, subjectRegisteredV1 } from './events';
import { newEventId } from './ids';
import { EventRegistry, UpcastError, defineEvent, isEventOf } from './registry';

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: newEventId(),
    type: subjectRegisteredV1.type,
    version: 1,
    stream: 'subject-91450100MA5K12347C',
    streamVersion: 1,
    subjectKey: '91450100MA5K12347C',
    occurredAt: '2025-03-04T09:30:00+08:00',
    recordedAt: '2025-03-04T01:30:00.123Z',
    correlationId: 'f2b7c1de-2f0e-4a55-9d55-5b7f4a3c1e01',
    causationId: null,
    actor: { departmentCode: '11450100007712342F', user: 'registrar-01' },
    data: {
      kind: 'LEGAL_PERSON',
      code: '91450100MA5K12347C',
      maskedCode: '91450100MA5K12347C',
      name: '南宁市示例科技有限公司',
      legacyCodes: [],
    },
    ...overrides,
  };
}

function without(field: string): Record<string, unknown> {
  const event = envelope();
  delete event[field];
  return event;
}

function rejection(raw: unknown) {
  const result = eventRegistry.validate(raw);
  if (result.ok) throw new Error('expected the event to be rejected');
  return result;
}

describe('EventRegistry.validate: the envelope', () => {
  it('accepts a well-formed event and returns it with its definition', () => {
    const raw = envelope();
    const result = eventRegistry.validate(JSON.parse(JSON.stringify(raw)));
    expect(result).toEqual({ ok: true, event: raw, definition: subjectRegisteredV1 });
  });

  it('accepts a causation id, a timestamp with a negative offset and an actor without a user', () => {
    const result = eventRegistry.validate(
      envelope({ causationId: newEventId(), occurredAt: '2025-03-03T20:30:00-05:00', actor: { departmentCode: 'system' } }),
    );
    expect(result.ok).toBe(true);
  });

  const malformed: [string, Record<string, unknown>, string][] = [
    ['an id that is not a UUID', envelope({ id: 'penalty-42' }), '/id'],
    ['the nil UUID as id', envelope({ id: '00000000-0000-0000-0000-000000000000' }), '/id'],
    ['a missing id', without('id'), '/id'],
    ['a type without service', envelope({ type: 'subject-registered' }), '/type'],
    ['a type not in kebab-case', envelope({ type: 'subject-registry.SubjectRegistered' }), '/type'],
    ['a type with underscores', envelope({ type: 'subject_registry.subject-registered' }), '/type'],
    ['version 0', envelope({ version: 0 }), '/version'],
    ['a fractional version', envelope({ version: 1.5 }), '/version'],
    ['a version as a string', envelope({ version: '1' }), '/version'],
    ['a missing version', without('version'), '/version'],
    ['an empty stream', envelope({ stream: '' }), '/stream'],
    ['a missing stream', without('stream'), '/stream'],
    ['stream version 0', envelope({ streamVersion: 0 }), '/streamVersion'],
    ['a negative stream version', envelope({ streamVersion: -3 }), '/streamVersion'],
    ['a fractional stream version', envelope({ streamVersion: 2.5 }), '/streamVersion'],
    ['an empty subject key', envelope({ subjectKey: '' }), '/subjectKey'],
    ['a numeric subject key', envelope({ subjectKey: 914501 }), '/subjectKey'],
    ['a missing subject key', without('subjectKey'), '/subjectKey'],
    ['occurredAt without offset', envelope({ occurredAt: '2025-03-04T09:30:00' }), '/occurredAt'],
    ['occurredAt as a date only', envelope({ occurredAt: '2025-03-04' }), '/occurredAt'],
    ['occurredAt with an impossible date', envelope({ occurredAt: '2025-02-30T09:30:00+08:00' }), '/occurredAt'],
    ['occurredAt as epoch millis', envelope({ occurredAt: 1741051800000 }), '/occurredAt'],
    ['recordedAt with a space separator', envelope({ recordedAt: '2025-03-04 01:30:00Z' }), '/recordedAt'],
    ['a missing recordedAt', without('recordedAt'), '/recordedAt'],
    ['an empty correlation id', envelope({ correlationId: '' }), '/correlationId'],
    ['a missing correlation id', without('correlationId'), '/correlationId'],
    ['an empty causation id', envelope({ causationId: '' }), '/causationId'],
    ['a missing causation id', without('causationId'), '/causationId'],
    ['a missing actor', without('actor'), '/actor'],
    ['an actor without department code', envelope({ actor: { user: 'u1' } }), '/actor/departmentCode'],
    ['an empty department code', envelope({ actor: { departmentCode: '' } }), '/actor/departmentCode'],
    ['an empty user', envelope({ actor: { departmentCode: 'system', user: '' } }), '/actor/user'],
    ['an unknown actor field', envelope({ actor: { departmentCode: 'system', idNumber: 'x' } }), '/actor/idNumber'],
    ['a missing data', without('data'), '/data'],
    ['data that is not an object', envelope({ data: 'registered' }), '/data'],
    ['an unknown envelope field', envelope({ payload: {} }), '/payload'],
  ];

  it.each(malformed)('reports %s at its path', (_case, raw, path) => {
    const result = rejection(raw);
    expect(result.reason).toBe('malformed-envelope');
    expect(result.errors.map((e) => e.path)).toContain(path);
    expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('reports every broken field at once', () => {
    const result = rejection(envelope({ id: 'x', streamVersion: 0, correlationId: '' }));
    expect(result.errors.map((e) => e.path).sort()).toEqual(['/correlationId', '/id', '/streamVersion']);
  });

  it.each([null, 'an event', 42, [envelope()]])('refuses %p as not an event object', (raw) => {
    expect(rejection(raw).reason).toBe('malformed-envelope');
  });

  it('refuses a subject event without a subject key: it could not be keyed to its subject', () => {
    const result = rejection(envelope({ subjectKey: null }));
    expect(result).toEqual({
      ok: false,
      reason: 'malformed-envelope',
      errors: [{ path: '/subjectKey', message: expect.stringContaining('credit.subject-events') }],
    });
  });
});

describe('EventRegistry.validate: type, version and data', () => {
  it('reports an unknown type', () => {
    expect(rejection(envelope({ type: 'unknown-service.never-defined' }))).toEqual({
      ok: false,
      reason: 'unknown-type',
      errors: [{ path: '/type', message: expect.stringContaining('unknown-service.never-defined') }],
    });
  });

  it('reports a version newer than the latest known as unknown-version, so the consumer parks it', () => {
    const result = rejection(envelope({ version: 2, data: { anything: 'from the future' } }));
    expect(result.reason).toBe('unknown-version');
    expect(result.errors).toEqual([{ path: '/version', message: expect.stringContaining('newer than the latest known version 1') }]);
  });

  it('reports invalid data with the JSON path of each failing value', () => {
    const result = rejection(
      envelope({
        data: {
          kind: 'COMPANY',
          code: '91450100MA5K12347C',
          maskedCode: '91450100MA5K12347C',
          legacyCodes: [{ scheme: 'REGISTRATION_NO', value: '450100000123456' }, { scheme: 'VAT_NO', value: 'x' }],
          registeredOn: '15/03/2018',
        },
      }),
    );
    expect(result.reason).toBe('invalid-data');
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: '/data/kind', message: expect.stringContaining('"LEGAL_PERSON"') },
        { path: '/data/name', message: 'is required' },
        { path: '/data/legacyCodes/1/scheme', message: expect.stringContaining('"TAX_NO"') },
        { path: '/data/registeredOn', message: expect.any(String) },
      ]),
    );
    expect(result.errors.some((e) => e.path.startsWith('/data/legacyCodes/0'))).toBe(false);
  });

  it('refuses data fields the contract does not list', () => {
    const result = rejection(
      envelope({
        type: codeQualityFindingRecordedV1.type,
        data: { finding: 'INVALID_CODE', field: 'code', detail: 'check character wrong', idNumber: '1' },
      }),
    );
    expect(result).toEqual({
      ok: false,
      reason: 'invalid-data',
      errors: [{ path: '/data/idNumber', message: 'is not part of the contract' }],
    });
  });

  it('escapes property names in paths (RFC 6901)', () => {
    const result = rejection(envelope({ data: { ...(envelope().data as object), 'a/b~c': 1 } }));
    expect(result.errors).toEqual([{ path: '/data/a~1b~0c', message: 'is not part of the contract' }]);
  });
});

interface AmountV1 {
  fineInTenThousandYuan: number;
}
interface AmountV2 {
  fineYuan: string;
}
interface AmountV3 {
  fineYuan: string;
  confiscatedYuan: string;
}

const fineV1 = defineEvent<AmountV1>({
  type: 'test-fines.fine-imposed',
  version: 1,
  topic: 'subject',
  description: 'v1: amount in 万元 as in the national feed',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['fineInTenThousandYuan'],
    properties: { fineInTenThousandYuan: { type: 'number', minimum: 0 } },
  },
});
const fineV2 = defineEvent<AmountV2>({
  type: 'test-fines.fine-imposed',
  version: 2,
  topic: 'subject',
  description: 'v2: amount in yuan as a decimal string',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['fineYuan'],
    properties: { fineYuan: { type: 'string', pattern: '^\\d+\\.\\d{2}$' } },
  },
});
const fineV3 = defineEvent<AmountV3>({
  type: 'test-fines.fine-imposed',
  version: 3,
  topic: 'subject',
  description: 'v3: confiscated amount added',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['fineYuan', 'confiscatedYuan'],
    properties: {
      fineYuan: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
      confiscatedYuan: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
    },
  },
});

function fineRegistry(): EventRegistry {
  return new EventRegistry()
    .register(fineV1)
    .register(fineV2)
    .register(fineV3)
    .registerUpcaster<AmountV1, AmountV2>(fineV1.type, 1, (data) => ({
      fineYuan: (Math.round(data.fineInTenThousandYuan * 1_000_000) / 100).toFixed(2),
    }))
    .registerUpcaster<AmountV2, AmountV3>(fineV1.type, 2, (data) => ({ ...data, confiscatedYuan: '0.00' }));
}

function fineEvent(version: number, data: unknown): EventEnvelope {
  return envelope({ type: fineV1.type, version, data }) as unknown as EventEnvelope;
}

describe('EventRegistry upcasting', () => {
  it('knows the latest version of each type', () => {
    const registry = fineRegistry();
    expect(registry.latestVersion(fineV1.type)).toBe(3);
    expect(registry.latestVersion('test-fines.unknown')).toBeUndefined();
    expect(registry.get(fineV1.type, 2)).toBe(fineV2);
    expect(registry.get(fineV1.type, 4)).toBeUndefined();
  });

  it('still validates every older version against its own schema', () => {
    const registry = fineRegistry();
    expect(registry.validate(fineEvent(1, { fineInTenThousandYuan: 0.2 })).ok).toBe(true);
    expect(registry.validate(fineEvent(2, { fineYuan: '2000.00' })).ok).toBe(true);
    const v1WithV2Data = registry.validate(fineEvent(1, { fineYuan: '2000.00' }));
    expect(v1WithV2Data).toMatchObject({ ok: false, reason: 'invalid-data' });
  });

  it('upcasts v1 through v2 to v3, keeping the envelope and leaving the original untouched', () => {
    const registry = fineRegistry();
    const v1 = fineEvent(1, { fineInTenThousandYuan: 0.2 });
    const snapshot = structuredClone(v1);
    const upcast = registry.upcast(v1);
    expect(upcast).toEqual({ ...snapshot, version: 3, data: { fineYuan: '2000.00', confiscatedYuan: '0.00' } });
    expect(v1).toEqual(snapshot);
    expect(isEventOf(fineV3, upcast)).toBe(true);
    expect(isEventOf(fineV1, upcast)).toBe(false);
  });

  it('upcasts v2 with the last step only', () => {
    const upcast = fineRegistry().upcast(fineEvent(2, { fineYuan: '150.00' }));
    expect(upcast.version).toBe(3);
    expect(upcast.data).toEqual({ fineYuan: '150.00', confiscatedYuan: '0.00' });
  });

  it('returns an event already at the latest version as is', () => {
    const v3 = fineEvent(3, { fineYuan: '1.00', confiscatedYuan: '2.00' });
    expect(fineRegistry().upcast(v3)).toBe(v3);
  });

  it('does not guess at a version newer than the latest known', () => {
    const registry = fineRegistry();
    const v4 = fineEvent(4, { fineYuan: '1.00', confiscatedYuan: '2.00', currency: 'CNY' });
    expect(registry.validate(v4)).toMatchObject({ ok: false, reason: 'unknown-version' });
    expect(() => registry.upcast(v4)).toThrow(UpcastError);
  });

  it('fails loudly when a step of the chain is missing', () => {
    const registry = new EventRegistry().register(fineV1).register(fineV2).register(fineV3);
    registry.registerUpcaster(fineV1.type, 2, (data: AmountV2) => ({ ...data, confiscatedYuan: '0.00' }));
    expect(registry.missingUpcasters()).toEqual([{ type: fineV1.type, fromVersion: 1 }]);
    expect(() => registry.upcast(fineEvent(1, { fineInTenThousandYuan: 1 }))).toThrow(/no upcaster from version 1/);
  });

  it('refuses the output of an upcaster that breaks the next version\'s schema', () => {
    const registry = new EventRegistry().register(fineV1).register(fineV2);
    registry.registerUpcaster(fineV1.type, 1, (data: AmountV1) => ({ fineYuan: data.fineInTenThousandYuan }));
    let thrown: unknown;
    try {
      registry.upcast(fineEvent(1, { fineInTenThousandYuan: 0.5 }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UpcastError);
    expect((thrown as UpcastError).errors).toEqual([{ path: '/data/fineYuan', message: 'must be string' }]);
  });

  it('gives each upcaster its own copy of the data', () => {
    const registry = new EventRegistry().register(fineV1).register(fineV2);
    registry.registerUpcaster(fineV1.type, 1, (data: any) => {
      data.fineYuan = '1.00';
      delete data.fineInTenThousandYuan;
      return data;
    });
    const v1 = fineEvent(1, { fineInTenThousandYuan: 0.0001 });
    registry.upcast(v1);
    expect(v1.data).toEqual({ fineInTenThousandYuan: 0.0001 });
  });

  it('throws for an event of an unknown type', () => {
    expect(() => fineRegistry().upcast({ ...fineEvent(1, {}), type: 'test-fines.fine-waived' })).toThrow(UpcastError);
  });
});

describe('EventRegistry registration', () => {
  it('registers versions in order only, so every published version stays readable', () => {
    expect(() => new EventRegistry().register(fineV2)).toThrow(/register version 1 first/);
  });

  it('ignores registering the same definition twice and refuses a different one under the same version', () => {
    const registry = new EventRegistry().register(fineV1).register(fineV1);
    expect(registry.definitions()).toEqual([fineV1]);
    const impostor = defineEvent({ ...fineV1, description: 'another' });
    expect(() => registry.register(impostor)).toThrow(/already registered/);
  });

  it('refuses an upcaster whose versions are not registered, or a second one for the same step', () => {
    const registry = new EventRegistry().register(fineV1);
    expect(() => registry.registerUpcaster(fineV1.type, 1, (d) => d)).toThrow(/register both versions first/);
    registry.register(fineV2).registerUpcaster(fineV1.type, 1, (d) => d);
    expect(() => registry.registerUpcaster(fineV1.type, 1, (d) => d)).toThrow(/already registered/);
  });

  it.each([
    ['a type without service prefix', { type: 'fine-imposed' }],
    ['a type in camel case', { type: 'test-fines.fineImposed' }],
    ['version 0', { version: 0 }],
    ['an unknown topic', { topic: 'fines' }],
    ['an open data schema', { schema: { type: 'object', properties: {} } }],
    ['a data schema that is not an object', { schema: { type: 'string', additionalProperties: false } }],
    ['a schema ajv cannot compile', { schema: { type: 'object', additionalProperties: false, properties: { a: { type: 'text' } } } }],
    ['a schema with an unknown keyword', { schema: { type: 'object', additionalProperties: false, maxLenght: 3 } }],
  ])('refuses %s', (_case, change) => {
    const definition = defineEvent({ ...fineV1, ...(change as object) });
    expect(() => new EventRegistry().register(definition)).toThrow();
  });

  it('keeps an event type on one topic across versions', () => {
    const moved = defineEvent({ ...fineV2, topic: 'reference' });
    expect(() => new EventRegistry().register(fineV1).register(moved)).toThrow(/keeps its topic/);
  });

  it('requires reference events to have a null subject key', () => {
    const catalogUpdated = defineEvent({
      type: 'test-catalog.matter-added',
      version: 1,
      topic: 'reference',
      description: 'reference data',
      schema: { type: 'object', additionalProperties: false, properties: { code: { type: 'string' } } },
    });
    const registry = new EventRegistry().register(catalogUpdated);
    const base = { type: catalogUpdated.type, stream: 'matter-7', data: { code: 'XK-001' } };
    expect(registry.validate(envelope({ ...base, subjectKey: null })).ok).toBe(true);
    expect(registry.validate(envelope({ ...base, subjectKey: '91450100MA5K12347C' }))).toEqual({
      ok: false,
      reason: 'malformed-envelope',
      errors: [{ path: '/subjectKey', message: expect.stringContaining('must be null') }],
    });
  });

  it('the platform catalog has a complete upcaster chain for every type', () => {
    expect(eventRegistry.missingUpcasters()).toEqual([]);
  });
});
