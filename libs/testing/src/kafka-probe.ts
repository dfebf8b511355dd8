import type { EventEnvelope } from '@credit/contracts';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { testInfra, uniqueName } from './infra';

export interface ProbedMessage<T = EventEnvelope> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** The raw value as published. */
  value: string;
  /** The value parsed as JSON; undefined when it is not JSON (see `parseError`). */
  envelope: T | undefined;
  parseError?: string;
}

export interface KafkaProbeOptions {
  topic: string | string[];
  /** Read the topic's whole history (default) or only what is published after `start()` resolves. */
  fromBeginning?: boolean;
  /** Default: the test infrastructure's brokers ({@link testInfra}). */
  brokers?: string[];
  /** Default: a fresh group, so the probe never shares offsets with a service or another test. */
  groupId?: string;
}

type Predicate<T> = (envelope: T, message: ProbedMessage<T>) => boolean;

interface Waiter {
  check(message: ProbedMessage<never>): void;
}

/**
 * Watches topics the way a new consumer of the platform would, and lets a test wait for a
 * specific event: the end-to-end proof that something reached Kafka, with its key and headers.
 */
export class KafkaProbe<T = EventEnvelope> {
  readonly messages: ProbedMessage<T>[] = [];
  readonly topics: string[];
  readonly groupId: string;
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private readonly waiters = new Set<Waiter>();
  private stopped = false;

  constructor(private readonly options: KafkaProbeOptions) {
    this.topics = Array.isArray(options.topic) ? [...options.topic] : [options.topic];
    this.groupId = options.groupId ?? uniqueName('test-probe');
    this.kafka = new Kafka({
      clientId: this.groupId,
      brokers: options.brokers ?? testInfra().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
  }

  /** Creates and starts a probe; resolves once it is assigned its partitions. */
  static async start<T = EventEnvelope>(options: KafkaProbeOptions): Promise<KafkaProbe<T>> {
    const probe = new KafkaProbe<T>(options);
    await probe.start();
    return probe;
  }

  /** Parsed envelopes seen so far, in arrival order. */
  get envelopes(): T[] {
    return this.messages.filter((m) => m.envelope !== undefined).map((m) => m.envelope as T);
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const fromBeginning = this.options.fromBeginning ?? true;
    // "From now" is measured before joining: everything published after start() resolves has an
    // offset at or above these, whatever the timing of the group join.
    const startOffsets = new Map<string, bigint>();
    if (!fromBeginning) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        for (const topic of this.topics) {
          for (const p of await admin.fetchTopicOffsets(topic)) startOffsets.set(`${topic}/${p.partition}`, BigInt(p.high));
        }
      } finally {
        await admin.disconnect();
      }
    }

    const consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    this.consumer = consumer;
    let timer: NodeJS.Timeout | undefined;
    let stopListening: (() => void) | undefined;
    const joined = new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`KafkaProbe on ${this.topics.join(', ')} was not assigned partitions within ${timeoutMs} ms`)),
        timeoutMs,
      );
      stopListening = consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    // A failure before the join is awaited must not leave this promise rejecting unobserved.
    joined.catch(() => undefined);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const from = startOffsets.get(`${topic}/${partition}`);
          if (from !== undefined && BigInt(message.offset) < from) return;
          this.record({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            headers: decodeHeaders(message.headers),
            value: message.value?.toString('utf8') ?? '',
          });
        },
      });
      for (const [at, offset] of startOffsets) {
        const slash = at.lastIndexOf('/');
        consumer.seek({ topic: at.slice(0, slash), partition: Number(at.slice(slash + 1)), offset: offset.toString() });
      }
      await joined;
    } catch (error) {
      await this.stop();
      const reason = error instanceof Error ? error.message : String(error);
      // Topics are created explicitly (auto-creation is off), so a missing one is the usual cause.
      throw new Error(`KafkaProbe could not consume ${this.topics.join(', ')}: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
      stopListening?.();
    }
  }

  /** Resolves with the first envelope (already seen or still to come) that matches. */
  async waitForMessage(predicate: Predicate<T>, timeoutMs = 30_000): Promise<T> {
    const [first] = await this.waitForMessages(predicate, 1, timeoutMs);
    return first;
  }

  /** Resolves with the first `count` matching envelopes, in arrival order. */
  waitForMessages(predicate: Predicate<T>, count: number, timeoutMs = 30_000): Promise<T[]> {
    const found: T[] = [];
    const matches = (m: ProbedMessage<T>): boolean => {
      if (m.envelope === undefined) return false;
      try {
        return predicate(m.envelope, m);
      } catch {
        return false;
      }
    };
    for (const m of this.messages) {
      if (matches(m)) found.push(m.envelope as T);
      if (found.length >= count) return Promise.resolve(found.slice(0, count));
    }
    if (this.stopped) return Promise.reject(new Error('KafkaProbe is stopped'));
    return new Promise<T[]>((resolve, reject) => {
      const waiter: Waiter = {
        check: (message) => {
          const m = message as unknown as ProbedMessage<T>;
          if (!matches(m)) return;
          found.push(m.envelope as T);
          if (found.length >= count) {
            clearTimeout(timer);
            this.waiters.delete(waiter);
            resolve(found);
          }
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(this.describeTimeout(timeoutMs, count, found.length)));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.consumer?.disconnect().catch(() => undefined);
    // The group was this probe's alone; leaving it behind would only clutter the broker.
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
  }

  private record(message: Omit<ProbedMessage<T>, 'envelope'>): void {
    let envelope: T | undefined;
    let parseError: string | undefined;
    try {
      envelope = JSON.parse(message.value) as T;
    } catch (error) {
      parseError = (error as Error).message;
    }
    const probed: ProbedMessage<T> = { ...message, envelope, ...(parseError ? { parseError } : {}) };
    this.messages.push(probed);
    for (const waiter of [...this.waiters]) waiter.check(probed as unknown as ProbedMessage<never>);
  }

  private describeTimeout(timeoutMs: number, wanted: number, matched: number): string {
    const recent = this.messages
      .slice(-10)
      .map((m) => {
        const e = m.envelope as Partial<EventEnvelope> | undefined;
        return e && typeof e === 'object' ? `${e.type ?? '?'} ${e.id ?? ''} (key ${m.key})` : `unparsed: ${m.value.slice(0, 80)}`;
      })
      .join('; ');
    return (
      `Timed out after ${timeoutMs} ms waiting for ${wanted} matching message(s) on ${this.topics.join(', ')}: ` +
      `${matched} matched, ${this.messages.length} received in all${recent ? `; last: ${recent}` : ''}`
    );
  }
}

function decodeHeaders(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    out[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return out;
}
