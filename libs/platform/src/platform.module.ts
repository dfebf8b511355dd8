import { EventStore, eventStoreMigrations, OutboxRelay } from '@credit/event-store';
import { createKafka, KafkaPublisher, messagingMigrations } from '@credit/messaging';
import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthGuard } from './auth/auth.guard';
import { CalendarService } from './calendar/calendar.service';
import { RestrictedReads } from './audit/restricted-reads';
import { DeadLetterOps } from './operations/dead-letter-ops';
import { DeadLettersController, RebuildsController, RepublishController } from './operations/operations.controller';
import { ProjectionRebuilds } from './operations/rebuild/projection-rebuilds';
import { Republisher } from './operations/republish';
import { EventReplays } from './operations/replays';
import { ReplaysController } from './operations/replays.controller';
import { TokenVerifier } from './auth/token-verifier';
import { loadConfig, type LoadedConfig } from './config/load-config';
import { PlatformConfig } from './config/platform-config';
import {
  PINO_ROOT,
  PLATFORM_OPTIONS,
  PLATFORM_RUNTIME,
  SERVICE_CONFIG,
  type PlatformModuleOptions,
  type PlatformRuntime,
} from './config/tokens';
import { ProblemDetailsFilter } from './errors/problem.filter';
import { createValidationPipe } from './errors/validation';
import { ComponentHealth, HealthController } from './health/health.controller';
import { platformMigrations } from './idempotency/idempotency.migration';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { PlatformLifecycle } from './kafka/platform-lifecycle';
import { createHttpLogger, createRootLogger } from './logging/logger';
import { createHttpMetricsObserver } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';

const LOADED_CONFIG = Symbol('LOADED_CONFIG');
/** The request logger (with the HTTP metrics); `createPlatformApp` mounts it before the body parsers. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** First key of the advisory lock that serialises migrations of instances starting together. */
const MIGRATION_LOCK_NAMESPACE = 0x4352_0003;

const runtimeDependency = { token: PLATFORM_RUNTIME, optional: true };

/** The options of each `forRoot` module, so that the bootstrap can find them from the app module. */
const optionsOfModule = new WeakMap<DynamicModule, PlatformModuleOptions>();

@Module({})
class PlatformConfigModule {}

/**
 * Everything a service needs besides its own features: configuration, database and event store,
 * Kafka publishing and the outbox relay, logging, authentication, problem+json errors, validation,
 * Idempotency-Key handling (its interceptor is put on the POST routes by `createPlatformApp`),
 * /health and /metrics. Global: feature modules inject `EventStore`,
 * `DataSource`, `PlatformConfig`, ... without importing anything.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const configModule: DynamicModule = {
      module: PlatformConfigModule,
      providers: configProviders(options),
      exports: [PLATFORM_OPTIONS, PlatformConfig, SERVICE_CONFIG, PINO_ROOT, HTTP_LOGGER, ...(options.configSchema ? [options.configSchema] : [])],
    };
    const dynamicModule: DynamicModule = {
      module: PlatformModule,
      global: true,
      imports: [
        configModule,
        LoggerModule.forRootAsync({
          imports: [configModule],
          inject: [PINO_ROOT],
          // The Nest logger writes to the root logger. No middleware of its own (no routes): the
          // request logger and the request context (see createPlatformApp) give every line of a
          // request its correlation and request ids, without a logger per request.
          useFactory: (logger: PinoLogger) => ({
            pinoHttp: { logger },
            useExisting: true,
            forRoutes: [],
          }),
        }),
      ],
      controllers: [HealthController, MetricsController, DeadLettersController, RepublishController, RebuildsController, ReplaysController],
      providers: [
        {
          provide: DataSource,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => openDataSource(config, options),
        },
        { provide: EventStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new EventStore(dataSource, options.eventStore) },
        {
          provide: Kafka,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) =>
            createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.serviceName, partitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, topicPrefix: config.KAFKA_TOPIC_PREFIX }),
        },
        { provide: KafkaPublisher, inject: [Kafka], useFactory: (kafka: Kafka) => new KafkaPublisher(kafka) },
        {
          provide: OutboxRelay,
          inject: [DataSource, KafkaPublisher, PlatformConfig],
          useFactory: (dataSource: DataSource, publisher: KafkaPublisher, config: PlatformConfig) =>
            new OutboxRelay(dataSource, publisher, { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS }),
        },
        { provide: IdempotencyStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new IdempotencyStore(dataSource) },
        { provide: TokenVerifier, inject: [PlatformConfig], useFactory: (config: PlatformConfig) => new TokenVerifier(config) },
        PlatformLifecycle,
        CalendarService,
        RestrictedReads,
        DeadLetterOps,
        Republisher,
        EventReplays,
        ProjectionRebuilds,
        ComponentHealth,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [
        configModule,
        DataSource,
        EventStore,
        Kafka,
        KafkaPublisher,
        OutboxRelay,
        IdempotencyStore,
        TokenVerifier,
        PlatformLifecycle,
        CalendarService,
        RestrictedReads,
        DeadLetterOps,
        ComponentHealth,
      ],
    };
    optionsOfModule.set(dynamicModule, options);
    return dynamicModule;
  }
}

function configProviders(options: PlatformModuleOptions): Provider[] {
  return [
    { provide: PLATFORM_OPTIONS, useValue: options },
    {
      provide: LOADED_CONFIG,
      inject: [runtimeDependency],
      // Normally validated by createPlatformApp before the application is built; a test module that
      // imports the app module directly gets the same validation from process.env here.
      useFactory: (runtime?: PlatformRuntime): LoadedConfig =>
        runtime?.config ??
        loadConfig(process.env, { serviceName: options.serviceName, defaultPort: options.defaultPort, schema: options.configSchema }),
    },
    { provide: PlatformConfig, inject: [LOADED_CONFIG], useFactory: (loaded: LoadedConfig) => loaded.platform },
    { provide: SERVICE_CONFIG, inject: [LOADED_CONFIG], useFactory: (loaded: LoadedConfig) => loaded.service },
    ...(options.configSchema ? [{ provide: options.configSchema, useExisting: SERVICE_CONFIG }] : []),
    {
      provide: PINO_ROOT,
      inject: [PlatformConfig, runtimeDependency],
      useFactory: (config: PlatformConfig, runtime?: PlatformRuntime) => createRootLogger(config, runtime?.logDestination),
    },
    { provide: HTTP_LOGGER, inject: [PINO_ROOT], useFactory: (root: PinoLogger) => createHttpLogger(root, createHttpMetricsObserver()) },
  ];
}

/**
 * The service's database. `synchronize` is never on: the schema is what the migrations say, in the
 * order event store → messaging → platform → service (TypeORM runs them by their timestamps).
 * Instances starting together take turns through an advisory lock instead of racing on DDL.
 */
async function openDataSource(config: PlatformConfig, options: PlatformModuleOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    applicationName: config.serviceName,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    migrations: [...eventStoreMigrations, ...messagingMigrations, ...platformMigrations, ...(options.migrations ?? [])],
    entities: options.entities ?? [],
    // A connection attempt to an unreachable server fails after 10 s instead of hanging requests,
    // health checks and shutdown forever (pg's default is no timeout).
    extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 10_000 },
    logging: false,
  });
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1, 0)', [MIGRATION_LOCK_NAMESPACE]);
      await dataSource.runMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1, 0)', [MIGRATION_LOCK_NAMESPACE]).catch(() => undefined);
      await runner.release();
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

/** The `forRoot` options found among the app module's imports (services import it there). */
export function platformOptionsOf(appModule: Type | DynamicModule): PlatformModuleOptions | undefined {
  const metatype = 'module' in appModule ? appModule.module : appModule;
  const imports = [
    ...((Reflect.getMetadata('imports', metatype) as unknown[] | undefined) ?? []),
    ...('module' in appModule ? (appModule.imports ?? []) : []),
  ];
  for (const entry of imports) {
    if (entry && typeof entry === 'object') {
      const options = optionsOfModule.get(entry as DynamicModule);
      if (options) return options;
    }
  }
  return undefined;
}
