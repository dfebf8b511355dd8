import { CreditKafkaServer, InboxExceptionFilter } from '@credit/messaging';
import { Module, RequestMethod, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestMicroservice } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig, type Environment } from './config/load-config';
import { PlatformConfig } from './config/platform-config';
import { effectiveConsumer } from './kafka/consumer-group';
import { ComponentHealth } from './health/health.controller';
import { DeadLetterOps } from './operations/dead-letter-ops';
import { EventReplays } from './operations/replays';
import { PLATFORM_RUNTIME, type PlatformRuntime } from './config/tokens';
import { bodyParserErrorMiddleware } from './errors/body-parser-errors';
import { bearerTokenOf } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { jsonDepthVerifier } from './http/json-depth';
import { metricsAccess } from './http/metrics-access';
import { rateLimitMiddleware } from './http/rate-limit';
import { limitQuery, requireJsonBody } from './http/request-limits';
import { middlewareChain } from './http/middleware-chain';
import { DOCS_PATH, securityHeaders } from './http/security-headers';
import { applyIdempotencyToPostRoutes } from './idempotency/idempotency-routes';
import { PlatformLifecycle } from './kafka/platform-lifecycle';
import type { HttpLogger } from './logging/logger';
import { runInRequestContext } from './logging/request-context';
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
  /** The clock of the rate limits, in milliseconds (tests move it past a window instead of waiting a minute). */
  rateLimitClock?: () => number;
}

@Module({})
class PlatformRuntimeModule {}

@Module({})
class PlatformRootModule {}

/**
 * Builds the service's application without listening: configuration validated (throws
 * `ConfigValidationError` naming each bad variable before anything connects), request context and
 * logging before the body parsers, security headers, query string and body limits (JSON only, size
 * and nesting depth), rate limits, the `api/v1` prefix, OpenAPI at `/api/docs` when
 * HTTP_DOCS_ENABLED, /metrics behind METRICS_TOKEN when set, and the Kafka consumer attached when
 * the module declares one. Call `init()` (tests) or use `bootstrapService` (main.ts).
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

  // Before the application is created: Nest registers route interceptors while scanning the modules.
  applyIdempotencyToPostRoutes(appModule);
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
  // No ETag hashing of every response body: API answers are not revalidated by clients.
  app.set('etag', false);
  // req.ip, the key of the per-address rate limits: the connection's address unless proxies are declared.
  app.set('trust proxy', config.HTTP_TRUST_PROXY > 0 ? config.HTTP_TRUST_PROXY : false);
  // Before the body is read: a caller over budget costs no parsing.
  const rateLimit = rateLimitMiddleware({
    publicPerMinute: config.RATE_LIMIT_PUBLIC_PER_MINUTE,
    writePerMinute: config.RATE_LIMIT_WRITE_PER_MINUTE,
    publicPrefix: `/${API_PREFIX}/public`,
    departmentOf: departmentOfRequest(app.get(TokenVerifier)),
    addressOf: (req) => (req as IncomingMessage & { ip?: string }).ip ?? req.socket.remoteAddress,
    now: options.rateLimitClock,
  });
  // One router layer (Express tries each layer of every request) for what every request goes
  // through before its body is read, in this order: request ids, request log and metrics first,
  // so that every refusal below is logged and counted too; security headers; /metrics access;
  // query limits; rate limits; JSON is the only body the API reads (no form parser, and any other
  // body is a 415).
  app.use(
    middlewareChain([
      app.get<HttpLogger>(HTTP_LOGGER),
      securityHeaders(),
      metricsAccess(config.METRICS_TOKEN),
      limitQuery,
      rateLimit,
      requireJsonBody,
    ]),
  );
  app.useBodyParser('json', { limit: config.HTTP_BODY_LIMIT, verify: jsonDepthVerifier(config.HTTP_JSON_MAX_DEPTH) });
  app.use(bodyParserErrorMiddleware);
  // The request context for the application's log lines.
  app.use(runInRequestContext);

  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  if (config.HTTP_DOCS_ENABLED) setUpOpenApi(app, serviceName);

  const consumerOptions = effectiveConsumer(moduleOptions, config);
  if (consumerOptions && options.connectConsumer !== false) {
    const server = new CreditKafkaServer({
      ...consumerOptions,
      kafka: app.get(Kafka),
      dataSource: app.get(DataSource),
      supervise: config.CONSUMER_SUPERVISION,
      partitionsConsumedConcurrently: consumerOptions.partitionsConsumedConcurrently ?? config.CONSUMER_CONCURRENCY,
      stallAfterMs: config.CONSUMER_STALL_SECONDS * 1000,
    });
    // /health is 503 until the consumer has joined its group, and whenever it is down or stalled.
    app.get(ComponentHealth).register('consumer', () => server.inboxConsumer?.health() ?? { status: 'down', message: 'event consumer not started yet' });
    // Operators redrive and discard this consumer's dead letters through the service (audited).
    app.get(DeadLetterOps).attach(() => server.inboxConsumer, consumerOptions.groupId);
    // ... and replay a range of its topics through its handlers, in a fresh group (audited).
    app.get(EventReplays).attach(() => server.inboxConsumer, consumerOptions);
    const consumer = app.connectMicroservice(
      { strategy: server },
      // The HTTP guard, pipe, filter and interceptors stay HTTP-only (inheritAppConfig false);
      // handlers are registered when the consumer starts, after its own filter is in place.
      { deferInitialization: true },
    ) as NestMicroservice;
    // A failing handler's own error (not Nest's "Internal server error") decides retries and ends
    // up in the dead-letter headers, where ops read it.
    consumer.useGlobalFilters(new InboxExceptionFilter());
    // The application's init() runs the lifecycle hooks; starting the consumer must not run them again.
    consumer.setIsInitHookCalled(true);
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
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, { jsonDocumentUrl: `${DOCS_PATH.slice(1)}-json` });
}

/**
 * The department a write is counted against: the `sub` of a bearer token that verifies (the guard
 * verifies it again later, from the verifier's cache), undefined otherwise.
 */
function departmentOfRequest(verifier: TokenVerifier): (req: IncomingMessage) => Promise<string | undefined> {
  return async (req) => {
    const token = bearerTokenOf(req.headers.authorization);
    if (token === undefined) return undefined;
    try {
      return (await verifier.verify(token)).departmentCode;
    } catch {
      return undefined;
    }
  };
}

/**
 * Starts the application's Kafka consumer once its topics exist (they are never auto-created):
 * after `init()` in tests, in the background of `bootstrapService` in production.
 */
export async function startConsumer(app: INestApplication): Promise<void> {
  await app.get(PlatformLifecycle).whenKafkaReady();
  await app.startAllMicroservices();
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
    startConsumer(app)
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
