import { CreditKafkaServer } from '@credit/messaging';
import { Module, RequestMethod, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig, type Environment } from './config/load-config';
import { PlatformConfig } from './config/platform-config';
import { PLATFORM_RUNTIME, type PlatformModuleOptions, type PlatformRuntime } from './config/tokens';
import { bodyParserErrorMiddleware } from './errors/body-parser-errors';
import { PlatformLifecycle } from './kafka/platform-lifecycle';
import { attachRequestContext } from './logging/request-context';
import { createHttpMetricsMiddleware } from './metrics/http-metrics';
import { HTTP_LOGGER, platformOptionsOf } from './platform.module';

export const API_PREFIX = 'api/v1';
/** Operational endpoints stay at the root, where orchestrators and scrapers look for them. */
const UNPREFIXED_ROUTES = [
  { path: 'health', method: RequestMethod.GET },
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
];

export interface ServiceSettings {
  /** Defaults to the `serviceName` given to `PlatformModule.forRoot`. */
  serviceName?: string;
  /** Defaults to the `defaultPort` given to `PlatformModule.forRoot`. */
  defaultPort?: number;
}

export interface PlatformAppOptions extends ServiceSettings {
  /** Variables layered over process.env (tests point DATABASE_URL at a throwaway database, ...). */
  env?: Environment;
  /** Where the JSON log lines go (default: stdout). Tests capture them here. */
  logDestination?: Writable;
  /** Attach the Kafka consumer when the module declares one (default true); start it with `startAllMicroservices()`. */
  connectConsumer?: boolean;
}

@Module({})
class PlatformRuntimeModule {}

@Module({})
class PlatformRootModule {}

/**
 * Builds the service's application without listening: configuration validated (throws
 * `ConfigValidationError` naming each bad variable before anything connects), request context and
 * logging before the body parsers, body size limits, the `api/v1` prefix, OpenAPI at `/api/docs`,
 * and the Kafka consumer attached when the module declares one. Call `init()` (tests) or use
 * `bootstrapService` (main.ts).
 */
export async function createPlatformApp(appModule: Type, options: PlatformAppOptions = {}): Promise<NestExpressApplication> {
  const moduleOptions = platformOptionsOf(appModule);
  if (!moduleOptions) {
    throw new Error(`${appModule.name} must import PlatformModule.forRoot({...}) among its imports`);
  }
  const serviceName = options.serviceName ?? moduleOptions.serviceName;
  const defaultPort = options.defaultPort ?? moduleOptions.defaultPort;
  const env: Environment = { ...process.env, ...options.env };
  const runtime: PlatformRuntime = {
    config: loadConfig(env, { serviceName, defaultPort, schema: moduleOptions.configSchema }),
    logDestination: options.logDestination,
  };

  const root: DynamicModule = {
    module: PlatformRootModule,
    imports: [
      { module: PlatformRuntimeModule, global: true, providers: [{ provide: PLATFORM_RUNTIME, useValue: runtime }], exports: [PLATFORM_RUNTIME] },
      appModule,
    ],
  };
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bufferLogs: true,
    // Parsers are mounted below, after the request logger, with the configured limit.
    bodyParser: false,
    // Start-up failures are thrown to the caller (bootstrapService exits with code 1) instead of
    // Nest aborting the process with a core dump.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // Nest flushes the start-up buffer only in listen(); the JSON logger is in place now, so
  // everything from here on (init() in tests included) goes straight to it.
  app.flushLogs();

  const config = app.get(PlatformConfig);
  app.disable('x-powered-by');
  // Proxies in front of the service (gateway, ingress) set X-Forwarded-For; the first hop is trusted.
  app.set('trust proxy', 1);
  app.use((req: Parameters<typeof attachRequestContext>[0], res: Parameters<typeof attachRequestContext>[1], next: () => void) => {
    attachRequestContext(req, res);
    next();
  });
  app.use(app.get(HTTP_LOGGER));
  app.use(createHttpMetricsMiddleware());
  app.useBodyParser('json', { limit: config.HTTP_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: config.HTTP_BODY_LIMIT, extended: true });
  app.use(bodyParserErrorMiddleware);

  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  setUpOpenApi(app, serviceName);

  if (moduleOptions.consumer && options.connectConsumer !== false) {
    app.connectMicroservice({
      strategy: new CreditKafkaServer({ ...moduleOptions.consumer, kafka: app.get(Kafka), dataSource: app.get(DataSource) }),
    });
  }
  return app;
}

function setUpOpenApi(app: INestApplication, serviceName: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${serviceName} API`)
      .setDescription(`REST API v1 of the ${serviceName} service of the public credit information platform`)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * The whole of a service's main.ts. A configuration error prints one line per bad variable and
 * exits with code 1; any other start-up failure is logged and exits with code 1 as well.
 */
export async function bootstrapService(appModule: Type, settings: ServiceSettings = {}): Promise<INestApplication> {
  let app: NestExpressApplication;
  try {
    app = await createPlatformApp(appModule, settings);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  }
  app.enableShutdownHooks();
  const config = app.get(PlatformConfig);
  const logger = app.get(Logger);
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    logger.error(`cannot listen on ${config.HOST}:${config.PORT}: ${error instanceof Error ? error.message : String(error)}`, 'Bootstrap');
    await app.close().catch(() => undefined);
    process.exit(1);
  }
  logger.log(`${config.serviceName} listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
  if (platformOptionsOf(appModule)?.consumer) {
    // The consumer subscribes once its topics exist (they are never auto-created).
    app
      .get(PlatformLifecycle)
      .whenKafkaReady()
      .then(() => app.startAllMicroservices())
      .then(() => logger.log('event consumer started', 'Bootstrap'))
      .catch((error: unknown) => {
        if (app.get(PlatformLifecycle).isStopping) return;
        logger.error(`event consumer could not start: ${error instanceof Error ? error.message : String(error)}`, 'Bootstrap');
        // Without its consumer the service would silently stop reacting to events: let the orchestrator restart it.
        void app.close().finally(() => process.exit(1));
      });
  }
  return app;
}
