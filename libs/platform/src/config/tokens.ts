import type { EventStoreOptions } from '@credit/event-store';
import type { ConsumerOptions } from '@credit/messaging';
import { Inject } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { ConfigSchema, LoadedConfig } from './load-config';

/** The options given to `PlatformModule.forRoot`. */
export interface PlatformModuleOptions {
  /** `subject-registry`, `double-publicity`, ...: appears in logs, health, metrics and the OpenAPI title. */
  serviceName: string;
  /** Port used when PORT is not set (api-contract.md: 3001 … 3008; credit-sharing 3009). */
  defaultPort: number;
  /** The service's own TypeORM migrations, run after the platform's at start-up. */
  migrations?: Function[];
  /** TypeORM entities, for services that map projections to entities instead of plain SQL. */
  entities?: Function[];
  /** class-validator schema of the service's own variables, validated with the platform's. */
  configSchema?: ConfigSchema;
  /**
   * When set, the service consumes these topics as this consumer group; handlers are
   * `@EventPattern('<event type>')` methods. The other settings (attempts, back-off, registry, ...)
   * are those of messaging's consumer.
   */
  consumer?: Omit<ConsumerOptions, 'kafka' | 'dataSource'>;
  /** Event store settings, e.g. `upcast` to read old event versions in the current shape. */
  eventStore?: EventStoreOptions;
  /** Extra topics the service publishes to or reads from, created at start-up if missing. */
  extraTopics?: string[];
}

/**
 * What `createPlatformApp` resolved before building the application: the validated configuration
 * and where logs go. Absent when a test module imports the app module directly; the platform then
 * reads process.env itself.
 */
export interface PlatformRuntime {
  config: LoadedConfig;
  logDestination?: Writable;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const PLATFORM_RUNTIME = Symbol('PLATFORM_RUNTIME');
/** The validated instance of the service's `configSchema`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** The root pino logger of the process (the HTTP request logger is a child of it). */
export const PINO_ROOT = Symbol('PINO_ROOT');

/** Injects the service's validated own configuration (the instance of its `configSchema`). */
export const InjectServiceConfig = (): ParameterDecorator & PropertyDecorator => Inject(SERVICE_CONFIG);

