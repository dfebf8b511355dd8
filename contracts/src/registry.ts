import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EventEnvelope } from './envelope';
import { EVENT_ENVELOPE_SCHEMA, EVENT_ID_FORMAT, TOPIC_ENVELOPE_SCHEMAS } from './envelope.schema';
import { isUuid } from './ids';
import { EVENT_TYPE_PATTERN, JsonSchema, REFUSAL_KEYWORD } from './json-schema';
import { isCalendarDate } from './text-rules';
import { EventTopic, TOPIC_SPECS } from './topics';

declare const dataType: unique symbol;

/** One version of one event type: its topic and the JSON Schema of its `data`. */
export interface EventDefinition<TData = unknown> {
  /** `<service>.<event-name>`, kebab-case. */
  readonly type: string;
  /** Version of the `data` schema, from 1; a change to `data` is a new version plus an upcaster. */
  readonly version: number;
  readonly topic: EventTopic;
  readonly description: string;
  /** JSON Schema (draft-07) of `data`: an object schema that refuses unknown properties. */
  readonly schema: JsonSchema;
  /** Type-level only: the TypeScript shape of `data`, for `EventOf` / `DataOf`. */
  readonly [dataType]?: TData;
}

export type DataOf<D> = D extends EventDefinition<infer T> ? T : never;
export type EventOf<D> = EventEnvelope<DataOf<D>>;

export interface EventSpec {
  type: string;
  version: number;
  topic: EventTopic;
  description: string;
  schema: JsonSchema;
}

/** Declares one version of an event type; `TData` is the TypeScript shape its schema admits. */
export function defineEvent<TData>(spec: EventSpec): EventDefinition<TData> {
  // Frozen deeply: the schema the registry compiled must stay the one the AsyncAPI document publishes.
  return deepFreeze({ ...spec, schema: structuredClone(spec.schema) });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** True when `event` (already validated and upcast) is of the type and version of `definition`. */
export function isEventOf<D extends EventDefinition<any>>(definition: D, event: EventEnvelope): event is EventOf<D> {
  return event.type === definition.type && event.version === definition.version;
}

/** Turns the `data` of version n of a type into the `data` of version n + 1. Must be pure. */
export type Upcaster<TFrom = any, TTo = unknown> = (data: TFrom, event: EventEnvelope<TFrom>) => TTo;

export interface UpcasterSpec {
  type: string;
  fromVersion: number;
  upcast: Upcaster;
}

/** A service's contribution to the catalog: its event definitions and the upcasters between their versions. */
export interface EventCatalog {
  events: readonly EventDefinition<any>[];
  upcasters?: readonly UpcasterSpec[];
}

/** A broken rule of the contract, located by a JSON Pointer (RFC 6901) into the envelope. */
export interface ContractViolation {
  path: string;
  message: string;
}

export type EventRejectionReason = 'malformed-envelope' | 'unknown-type' | 'unknown-version' | 'invalid-data';

export type EventValidationResult =
  | { ok: true; event: EventEnvelope; definition: EventDefinition }
  | { ok: false; reason: EventRejectionReason; errors: ContractViolation[] };

/**
 * Raised when an event cannot be brought to the latest version of its type. For a consumer it
 * is a poison event (dead-letter it with this message), never a reason to guess.
 */
export class UpcastError extends Error {
  constructor(
    message: string,
    readonly type: string,
    readonly version: number,
    readonly errors: ContractViolation[] = [],
  ) {
    super(message);
    this.name = 'UpcastError';
  }
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const TYPE_NAME = new RegExp(EVENT_TYPE_PATTERN);

/** A placeholder id (nil or max UUID) would make every consumer's inbox drop all but the first such event. */
function isEventId(value: string): boolean {
  return isUuid(value) && value !== NIL_UUID && value.toLowerCase() !== MAX_UUID;
}

function createAjv(): Ajv {
  // allErrors: a producer fixing its events wants every broken field at once, not one per attempt.
  // verbose: gives each error its parent schema, where the refusal messages live.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  addFormats(ajv);
  // The REST edge checks dates with the same function: a date one side accepts, the other does too.
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat(EVENT_ID_FORMAT, { type: 'string', validate: isEventId });
  ajv.addKeyword({ keyword: REFUSAL_KEYWORD, schemaType: 'string' });
  return ajv;
}

const pointerToken = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');

function violationsOf(errors: ErrorObject[] | null | undefined, prefix: string): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // The failing `then`/`else` branch reports the actual cause; the `if` summary adds nothing.
    if (error.keyword === 'if') continue;
    let path = prefix + error.instancePath;
    let message: string;
    switch (error.keyword) {
      case 'required':
        path += `/${pointerToken(String(error.params.missingProperty))}`;
        message = 'is required';
        break;
      case 'additionalProperties':
        path += `/${pointerToken(String(error.params.additionalProperty))}`;
        message = 'is not part of the contract';
        break;
      case 'not': {
        const refusal = (error.parentSchema as JsonSchema | undefined)?.[REFUSAL_KEYWORD];
        message = typeof refusal === 'string' ? refusal : 'has a refused form';
        break;
      }
      case 'enum':
        message = `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(error.params.allowedValue)}`;
        break;
      case 'format':
        message =
          error.params.format === EVENT_ID_FORMAT
            ? 'must be a UUID (not the nil or max UUID)'
            : `must be a valid ${String(error.params.format)}`;
        break;
      default:
        message = error.message ?? `fails ${error.keyword}`;
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ path, message });
  }
  return violations;
}

interface RegisteredVersion {
  definition: EventDefinition;
  validateData: ValidateFunction;
}

const TOPIC_KEY_RULES: Readonly<Record<EventTopic, string>> = {
  subject: `a subject event must carry its subject key: it is the message key on ${TOPIC_SPECS.subject.name}`,
  reference: `reference data is about no credit subject: its subject key must be null`,
};

/**
 * The event types the platform knows, with their versions, schemas and upcasters. A consumer
 * checks what it receives with `validate(JSON.parse(value))` and then reads it at the latest
 * version with `upcast(event)`. Schemas are compiled once, when a definition is registered.
 */
export class EventRegistry {
  private readonly ajv = createAjv();
  private readonly validateEnvelope: ValidateFunction = this.ajv.compile(EVENT_ENVELOPE_SCHEMA);
  private readonly topicKeyChecks: Readonly<Record<EventTopic, ValidateFunction>> = {
    subject: this.ajv.compile(TOPIC_ENVELOPE_SCHEMAS.subject),
    reference: this.ajv.compile(TOPIC_ENVELOPE_SCHEMAS.reference),
  };
  private readonly types = new Map<string, Map<number, RegisteredVersion>>();
  private readonly upcasters = new Map<string, Upcaster>();

  /**
   * Adds one version of an event type. Versions are registered in order (1, 2, ...) and old
   * versions stay registered: the topics keep every event forever, so every version ever
   * published must still be readable.
   */
  register(definition: EventDefinition<any>): this {
    const { type, version, topic, schema } = definition;
    const name = `${type} v${version}`;
    if (!TYPE_NAME.test(type)) throw new Error(`event type "${type}" is not <service>.<event-name> in kebab-case`);
    if (!Number.isInteger(version) || version < 1) throw new Error(`${name}: version must be a positive integer`);
    if (!(topic in TOPIC_SPECS)) throw new Error(`${name}: unknown topic "${String(topic)}"`);
    // A closed object schema is what makes "a new field is a new version" hold, and keeps
    // unlisted (possibly personal) data off the topics.
    if (schema.type !== 'object' || schema.additionalProperties !== false) {
      throw new Error(`${name}: the data schema must be an object schema with additionalProperties: false`);
    }
    const versions = this.types.get(type) ?? new Map<number, RegisteredVersion>();
    const existing = versions.get(version);
    if (existing) {
      if (existing.definition === definition) return this;
      throw new Error(`${name} is already registered with another definition`);
    }
    if (version > 1 && !versions.has(version - 1)) {
      throw new Error(`${name}: register version ${version - 1} first (every published version stays readable)`);
    }
    const first = versions.values().next().value as RegisteredVersion | undefined;
    if (first && first.definition.topic !== topic) {
      throw new Error(`${name}: an event type keeps its topic across versions (was ${first.definition.topic})`);
    }
    let validateData: ValidateFunction;
    try {
      validateData = this.ajv.compile(schema);
    } catch (error) {
      throw new Error(`${name}: invalid data schema: ${(error as Error).message}`);
    }
    versions.set(version, { definition, validateData });
    this.types.set(type, versions);
    return this;
  }

  /** Registers a service's definitions, then its upcasters. */
  registerCatalog(catalog: EventCatalog): this {
    for (const definition of catalog.events) this.register(definition);
    for (const { type, fromVersion, upcast } of catalog.upcasters ?? []) this.registerUpcaster(type, fromVersion, upcast);
    return this;
  }

  get(type: string, version: number): EventDefinition | undefined {
    return this.types.get(type)?.get(version)?.definition;
  }

  /** The highest registered version of a type, or undefined for an unknown type. */
  latestVersion(type: string): number | undefined {
    const versions = this.types.get(type);
    return versions ? Math.max(...versions.keys()) : undefined;
  }

  /** Every registered definition, ordered by type then version (a stable order for documents). */
  definitions(): EventDefinition[] {
    return [...this.types.keys()]
      .sort()
      .flatMap((type) => [...this.types.get(type)!.values()].map((v) => v.definition).sort((a, b) => a.version - b.version));
  }

  /**
   * Checks a received event against the contract: the envelope, then whether its type and
   * version are known, then its `data` against that version's schema. A version newer than the
   * latest known is reported as `unknown-version` (the consumer parks it until it is upgraded);
   * it is never read as if it were an older one.
   */
  validate(raw: unknown): EventValidationResult {
    if (!this.validateEnvelope(raw)) {
      return { ok: false, reason: 'malformed-envelope', errors: violationsOf(this.validateEnvelope.errors, '') };
    }
    const event = raw as EventEnvelope;
    const versions = this.types.get(event.type);
    if (!versions) {
      return {
        ok: false,
        reason: 'unknown-type',
        errors: [{ path: '/type', message: `unknown event type "${event.type}"` }],
      };
    }
    const registered = versions.get(event.version);
    if (!registered) {
      const latest = this.latestVersion(event.type)!;
      const message =
        event.version > latest
          ? `version ${event.version} of ${event.type} is newer than the latest known version ${latest}`
          : `version ${event.version} of ${event.type} is not registered`;
      return { ok: false, reason: 'unknown-version', errors: [{ path: '/version', message }] };
    }
    const { definition, validateData } = registered;
    if (!this.topicKeyChecks[definition.topic](event)) {
      return {
        ok: false,
        reason: 'malformed-envelope',
        errors: [{ path: '/subjectKey', message: TOPIC_KEY_RULES[definition.topic] }],
      };
    }
    if (!validateData(event.data)) {
      return { ok: false, reason: 'invalid-data', errors: violationsOf(validateData.errors, '/data') };
    }
    return { ok: true, event, definition };
  }

  /** Adds the step that turns version `fromVersion` of `type` into version `fromVersion + 1`. */
  registerUpcaster<TFrom = any, TTo = unknown>(type: string, fromVersion: number, upcast: Upcaster<TFrom, TTo>): this {
    const versions = this.types.get(type);
    if (!versions?.has(fromVersion) || !versions.has(fromVersion + 1)) {
      throw new Error(`upcaster ${type} v${fromVersion}→v${fromVersion + 1}: register both versions first`);
    }
    const key = upcasterKey(type, fromVersion);
    if (this.upcasters.has(key)) throw new Error(`upcaster ${type} v${fromVersion}→v${fromVersion + 1} is already registered`);
    this.upcasters.set(key, upcast as Upcaster);
    return this;
  }

  /** Versions of registered types that have no upcaster to the next version (empty when every chain is complete). */
  missingUpcasters(): { type: string; fromVersion: number }[] {
    const missing: { type: string; fromVersion: number }[] = [];
    for (const type of [...this.types.keys()].sort()) {
      const latest = this.latestVersion(type)!;
      for (let v = 1; v < latest; v++) if (!this.upcasters.has(upcasterKey(type, v))) missing.push({ type, fromVersion: v });
    }
    return missing;
  }

  /**
   * Brings a validated event to the latest registered version of its type by applying the
   * upcasters in turn; each step's output is checked against the next version's schema, so a
   * faulty upcaster fails loudly instead of feeding consumers data the contract does not allow.
   * The given event is not modified.
   */
  upcast(event: EventEnvelope): EventEnvelope {
    const versions = this.types.get(event.type);
    if (!versions) throw new UpcastError(`unknown event type "${event.type}"`, event.type, event.version);
    const latest = this.latestVersion(event.type)!;
    if (!versions.has(event.version)) {
      throw new UpcastError(
        `version ${event.version} of ${event.type} is not known (latest known: ${latest}); it is not guessed at`,
        event.type,
        event.version,
      );
    }
    let current = event;
    while (current.version < latest) {
      const from = current.version;
      const step = this.upcasters.get(upcasterKey(event.type, from));
      if (!step) {
        throw new UpcastError(`no upcaster from version ${from} of ${event.type} to version ${from + 1}`, event.type, from);
      }
      const next = versions.get(from + 1)!;
      // Upcasters get their own copy: a step that mutates its input must not alter the caller's event.
      const data = step(structuredClone(current.data), current);
      if (!next.validateData(data)) {
        throw new UpcastError(
          `upcasting ${event.type} from version ${from} produced data that version ${from + 1} does not allow`,
          event.type,
          from,
          violationsOf(next.validateData.errors, '/data'),
        );
      }
      current = { ...current, version: from + 1, data };
    }
    return current;
  }
}

const upcasterKey = (type: string, fromVersion: number): string => `${type}@${fromVersion}`;
