import { Logger } from '@nestjs/common';
import { Kafka, logLevel as KafkaLogLevel, LogEntry, SASLOptions } from 'kafkajs';
import { applyTopicPrefix } from './topic-prefix';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Partitions of the topics this platform creates (default 1; production sets more). */
  partitions?: number;
  /** Copies of each partition of the topics this platform creates (default 1; 3 on a production cluster). */
  replicationFactor?: number;
  /** Minimum level of the client's own log lines (default `warn`). */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  ssl?: boolean;
  sasl?: SASLOptions;
  /** TCP connect timeout per broker in ms (default 3000). */
  connectionTimeoutMs?: number;
  /**
   * Put in front of every topic name on the broker (default none; `[A-Za-z0-9._-]`): code keeps the
   * contract's names, the broker sees `<prefix><name>` (see applyTopicPrefix). Benchmarks and a
   * second platform on a shared broker use it to stay apart.
   */
  topicPrefix?: string;
}

const settingsOf = new WeakMap<Kafka, KafkaSettings>();

const LEVELS: Record<NonNullable<KafkaSettings['logLevel']>, KafkaLogLevel> = {
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
};

/**
 * The client's log lines go through Nest's Logger, so that an application using nestjs-pino gets
 * them as structured JSON next to its own, instead of kafkajs writing to stdout by itself.
 */
function logCreator() {
  const logger = new Logger('Kafka');
  return ({ namespace, level, log }: LogEntry): void => {
    const { message, timestamp: _timestamp, logger: _name, ...details } = log as LogEntry['log'] & { logger?: string };
    const line = `[${namespace}] ${message}${Object.keys(details).length ? ` ${safeJson(details)}` : ''}`;
    if (level <= KafkaLogLevel.ERROR) logger.error(line);
    else if (level === KafkaLogLevel.WARN) logger.warn(line);
    else if (level === KafkaLogLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable]';
  }
}

/**
 * The one place a Kafka client is built. kafkajs is unmaintained since 2023: keeping every use of
 * it behind this library means moving to a KafkaJS-compatible client touches one package.
 */
export function createKafka(settings: KafkaSettings): Kafka {
  // Broker restarts and leader elections last seconds: ride them out instead of crashing, and with
  // retries capped at 2 s apart, so that a flow resumes within seconds of the broker being back
  // (with the client's default cap, its backoff had grown to ~27 s by then).
  const kafka = buildKafka(settings, { initialRetryTime: 200, maxRetryTime: 2_000, retries: 12 });
  settingsOf.set(kafka, settings);
  applyTopicPrefix(kafka, settings.topicPrefix ?? '');
  return kafka;
}

const probeClients = new WeakMap<Kafka, Kafka>();

/**
 * A client to the same cluster that does not retry: kafkajs retries connections at the client
 * level, so a probe through the service's own client would keep dialling a dead broker for a
 * minute after the probe gave up. Null for a client not built by createKafka.
 */
export function probeClientOf(kafka: Kafka): Kafka | null {
  const settings = settingsOf.get(kafka);
  if (!settings) return null;
  let probe = probeClients.get(kafka);
  if (!probe) {
    probe = buildKafka({ ...settings, logLevel: 'error' }, { retries: 0, initialRetryTime: 100, maxRetryTime: 500 });
    probeClients.set(kafka, probe);
  }
  return probe;
}

function buildKafka(settings: KafkaSettings, retry: { initialRetryTime: number; maxRetryTime: number; retries: number }): Kafka {
  if (settings.brokers.length === 0) throw new Error('createKafka: at least one broker address is required');
  if (settings.partitions !== undefined && (!Number.isInteger(settings.partitions) || settings.partitions < 1)) {
    throw new Error(`createKafka: partitions must be a positive integer, got ${settings.partitions}`);
  }
  if (settings.replicationFactor !== undefined && (!Number.isInteger(settings.replicationFactor) || settings.replicationFactor < 1)) {
    throw new Error(`createKafka: replicationFactor must be a positive integer, got ${settings.replicationFactor}`);
  }
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl,
    sasl: settings.sasl,
    connectionTimeout: settings.connectionTimeoutMs ?? 3_000,
    logLevel: LEVELS[settings.logLevel ?? 'warn'],
    logCreator,
    retry,
  });
}

/** Partitions for topics created through this client (the `partitions` setting, default 1). */
export function defaultPartitions(kafka: Kafka): number {
  return settingsOf.get(kafka)?.partitions ?? 1;
}

/** Replication factor of topics created through this client (the `replicationFactor` setting, default 1). */
export function defaultReplicationFactor(kafka: Kafka): number {
  return settingsOf.get(kafka)?.replicationFactor ?? 1;
}
