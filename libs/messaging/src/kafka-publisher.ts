import { CompressionTypes, IHeaders, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { MessagePublisher, OutgoingMessage } from './publisher';

/** A record as Kafka carries it, bytes included (the dead-letter topic keeps what arrived, byte for byte). */
export interface RawRecord {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

export interface KafkaPublisherOptions {
  /**
   * Record batch compression (default gzip, built into kafkajs and every consumer of it; done on
   * libuv's thread pool). Event JSON shrinks several-fold, which the broker, the network and every
   * consuming service's fetches and checksums gain from.
   */
  compression?: CompressionTypes;
}

/**
 * The Kafka side of the publishing port. The producer is idempotent with acks from all in-sync
 * replicas and one request in flight: a retried send can neither duplicate a record in the log
 * nor overtake an earlier one, so a subject's events keep the order they were committed in.
 */
export class KafkaPublisher implements MessagePublisher {
  private readonly producer: Producer;
  private readonly compression: CompressionTypes;
  private connecting?: Promise<void>;

  constructor(kafka: Kafka, options: KafkaPublisherOptions = {}) {
    this.compression = options.compression ?? CompressionTypes.GZIP;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioner: a key lands on the same partition whichever
      // client (ours, a national platform's, an ops tool) produces it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.producer.disconnect();
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    await this.publishRaw(messages);
  }

  /** Like publish, for records whose key or value are bytes. Resolves when every record is acknowledged. */
  async publishRaw(records: RawRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    // One sendBatch keeps the given order inside each partition; grouping by topic keeps the
    // first-seen topic order, and within a topic the order of the input.
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: this.compression,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
