import { dlqTopic } from '@credit/contracts';
import { OutboxRelay } from '@credit/event-store';
import { checkKafka, ensureTopics, KafkaPublisher } from '@credit/messaging';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { effectiveConsumer } from './consumer-group';
import { PLATFORM_OPTIONS, type PlatformModuleOptions } from '../config/tokens';
import { ComponentHealth } from '../health/health.controller';
import { IdempotencyStore } from '../idempotency/idempotency.store';

const KAFKA_RETRY_INITIAL_MS = 1_000;
const KAFKA_RETRY_MAX_MS = 30_000;
const IDEMPOTENCY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

class ShuttingDown extends Error {}

/**
 * Start and stop order of the platform's moving parts.
 *
 * Start: the HTTP side comes up even while Kafka is unreachable (writes land in the event store
 * and wait in the outbox; /health says Kafka is down). In the background the publisher connects
 * and the topics are created, retrying with back-off; only then does the outbox relay start, and
 * only then may the consumer subscribe (`whenKafkaReady`): topics are never auto-created.
 *
 * Stop: relay (its batch in flight finishes), then the producer, then the database pool.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');
  private stopping = false;
  private kafkaReady?: Promise<void>;
  private relayStart?: Promise<void>;
  private purgeTimer?: NodeJS.Timeout;
  private purging?: Promise<void>;
  private wakeRetry?: () => void;

  constructor(
    private readonly config: PlatformConfig,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions,
    private readonly kafka: Kafka,
    private readonly publisher: KafkaPublisher,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly components: ComponentHealth,
  ) {}

  onApplicationBootstrap(): void {
    this.kafkaReady = this.prepareKafka();
    // Observed here so that a failure before anyone awaits it is not an unhandled rejection.
    this.kafkaReady.catch(() => undefined);
    if (this.config.RELAY_ENABLED) {
      this.components.register('relay', () => this.relay.health());
      this.kafkaReady.then(
        () => {
          if (!this.stopping) this.relayStart = this.relay.start();
        },
        () => undefined,
      );
    } else {
      this.logger.warn('RELAY_ENABLED=false: stored events stay in the outbox until a relay runs');
    }
    this.purging = this.purgeIdempotencyRecords();
    this.purgeTimer = setInterval(() => (this.purging = this.purgeIdempotencyRecords()), IDEMPOTENCY_PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Resolves once the producer is connected and every topic the service uses exists with leaders. */
  whenKafkaReady(): Promise<void> {
    if (!this.kafkaReady) return Promise.reject(new Error('the application has not been initialised (call init() or listen())'));
    return this.kafkaReady;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wakeRetry?.();
    clearInterval(this.purgeTimer);
    // A connection attempt in flight ends first (each step is bounded by the client's timeouts):
    // otherwise a producer it connects after the disconnect below would outlive the application.
    await this.kafkaReady?.catch(() => undefined);
    await this.purging;
    await this.relayStart?.catch(() => undefined);
    await this.relay.stop().catch((error: unknown) => this.logger.error(`outbox relay did not stop cleanly: ${describe(error)}`));
    await this.publisher.disconnect().catch((error: unknown) => this.logger.error(`Kafka producer did not disconnect cleanly: ${describe(error)}`));
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** The topics this service needs: the two platform topics, its dead-letter topics, and any extras. */
  private topics(): string[] {
    const consumer = effectiveConsumer(this.options, this.config);
    return [
      ...(consumer ? consumer.topics.map((topic) => dlqTopic(topic, consumer.groupId)) : []),
      ...(consumer?.topics ?? []),
      ...(this.options.extraTopics ?? []),
    ];
  }

  private async prepareKafka(): Promise<void> {
    let delay = KAFKA_RETRY_INITIAL_MS;
    for (let attempt = 1; ; attempt++) {
      this.throwIfStopping();
      try {
        // A quick probe without retries first: the client's own retries (minutes, meant to ride
        // out a broker restart) would otherwise hold start-up and shutdown while Kafka is down.
        await checkKafka(this.kafka, this.config.HEALTH_CHECK_TIMEOUT_MS);
        this.throwIfStopping();
        await this.publisher.connect();
        this.throwIfStopping();
        await ensureTopics(this.kafka, {
          partitions: this.config.KAFKA_PARTITIONS,
          replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
          extraTopics: this.topics(),
        });
        if (attempt > 1) this.logger.log(`Kafka is reachable again after ${attempt - 1} failed attempt(s)`);
        return;
      } catch (error) {
        this.throwIfStopping();
        this.logger.warn(`Kafka not ready (attempt ${attempt}), retrying in ${delay} ms: ${describe(error)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        delay = Math.min(delay * 2, KAFKA_RETRY_MAX_MS);
      }
    }
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new ShuttingDown('the application is shutting down');
  }

  private async purgeIdempotencyRecords(): Promise<void> {
    try {
      const purged = await this.idempotency.purgeExpired();
      if (purged > 0) this.logger.log(`purged ${purged} expired Idempotency-Key record(s)`);
    } catch (error) {
      this.logger.warn(`could not purge expired Idempotency-Key records: ${describe(error)}`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
