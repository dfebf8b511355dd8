import { Logger } from '@nestjs/common';
import { CompressionTypes, IHeaders, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { Counter, register } from 'prom-client';
import { MessagePublisher, OutgoingMessage } from './publisher';

function producerRestarts(): Counter<'client'> {
  return (
    (register.getSingleMetric('producer_restarts_total') as Counter<'client'> | undefined) ??
    new Counter({ name: 'producer_restarts_total', help: 'Kafka producers replaced by a new one after a failed send.', labelNames: ['client'] })
  );
}

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
  private producer: Producer;
  private readonly compression: CompressionTypes;
  private connecting?: Promise<void>;
  private readonly logger = new Logger('KafkaPublisher');

  constructor(
    private readonly kafka: Kafka,
    options: KafkaPublisherOptions = {},
  ) {
    this.compression = options.compression ?? CompressionTypes.GZIP;
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioner: a key lands on the same partition whichever
      // client (ours, a national platform's, an ops tool) produces it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /**
   * Supervision: after a failed send the producer is replaced, so that a producer the client left
   * in a broken state (a fenced idempotent producer, a connection it never re-establishes after a
   * broker restart) is never reused. The caller retries the same records; consumers dedupe by id.
   */
  private async replaceProducer(reason: unknown): Promise<void> {
    const broken = this.producer;
    const wasConnected = this.connecting !== undefined;
    this.producer = this.newProducer();
    this.connecting = undefined;
    producerRestarts().inc({ client: 'publisher' });
    this.logger.warn(`Kafka producer replaced after a failed send: ${reason instanceof Error ? reason.message : String(reason)}`);
    if (wasConnected) await broken.disconnect().catch(() => undefined);
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
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: this.compression,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      await this.replaceProducer(error);
      throw error;
    }
  }
}
