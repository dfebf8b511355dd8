import { maskIdNumbersInText } from '@credit/domain-kernel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { PlatformConfig } from '../config/platform-config';
import { attachRequestContext, currentRequestContext, type RequestContextFields } from './request-context';

/**
 * Request headers worth a log line. Everything else is left out: `authorization` and cookies carry
 * credentials, and arbitrary headers may carry personal data.
 */
const LOGGED_HEADERS = ['host', 'user-agent', 'content-type', 'content-length', 'idempotency-key', 'x-forwarded-for', 'referer'];

const MAX_MASK_DEPTH = 6;

/**
 * Masks citizen ID numbers in every string of a log record (personal data rule: a clear ID number
 * lives only in subject-registry, encrypted). Only plain objects and arrays are walked; requests,
 * responses and errors have their own serializers below.
 */
export function maskLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIdNumbersInText(value);
  if (depth >= MAX_MASK_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskLogValue(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[key] = maskLogValue(item, depth + 1);
  return masked;
}

function serializeError(error: unknown): unknown {
  // pino-http hands over errors already serialized (plain objects); the root logger raw ones.
  const serialized = error instanceof Error ? (pino.stdSerializers.err(error) as unknown) : error;
  // Serialized errors are not plain objects (they have pino's error prototype): copy them into one
  // so that their message, stack and extra fields are masked like everything else.
  return serialized !== null && typeof serialized === 'object' ? maskLogValue({ ...serialized }) : maskLogValue(serialized);
}

/** The process's root logger: JSON lines, service name on every line, ID numbers masked everywhere. */
export function createRootLogger(config: PlatformConfig, destination?: Writable): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: config.serviceName, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      // Every line written while a request is served carries its ids (a field given by the line wins).
      mixin: () => {
        const context = currentRequestContext();
        return context === undefined ? {} : { correlationId: context.correlationId, requestId: context.requestId };
      },
      // Request lines only carry whitelisted headers; this also covers headers logged by hand.
      redact: {
        paths: ['headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError, error: serializeError },
      // Belt and braces: serializers cover req/res/err, these cover messages and merged objects.
      formatters: { log: (object) => maskLogValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? maskIdNumbersInText(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    // Synchronous stdout: a line written just before process.exit (a fatal start-up error) is not lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

type LoggedRequest = IncomingMessage & Partial<RequestContextFields> & { originalUrl?: string; id?: string };
type LoggedResponse = ServerResponse & { err?: unknown };

/** Paths polled by orchestrators and scrapers every few seconds; a log line each would drown the rest. */
const QUIET_PATHS = new Set(['/health/live', '/metrics']);

/** Marks a request whose completion line the request logger writes (the problem filter hands it the error). */
const LOGGED = Symbol('credit:requestLogged');

/** Whether the request logger writes this request's completion line, where `res.err` ends up. */
export function isRequestLogged(req: IncomingMessage): boolean {
  return (req as IncomingMessage & { [LOGGED]?: boolean })[LOGGED] === true;
}

/** The request as its log line shows it: whitelisted headers, URL masked, never the body. */
function serializeRequest(raw: LoggedRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const value = raw.headers[name];
    if (value !== undefined) headers[name] = maskIdNumbersInText(Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    id: raw.id,
    method: raw.method,
    url: maskIdNumbersInText(raw.originalUrl ?? raw.url ?? ''),
    headers,
    remoteAddress: raw.socket?.remoteAddress,
  };
}

/** Told once per response, when it has been sent (`finished`) or the connection closed before. */
export type ResponseObserver = (req: IncomingMessage, res: ServerResponse, startedNs: bigint, finished: boolean) => void;

/** The request logging middleware: `(req, res, next)`, with the logger its lines go to. */
export type HttpLogger = ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) & { logger: Logger };

/**
 * The request logger. It runs as the first middleware, before the body parsers, so that even a
 * request refused for its body gets a log line with its correlation id. It writes one line when
 * the response completes (`info`, `error` for a 5xx or a failure, with `res.err` set by the problem
 * filter), carrying the request's correlation and request ids; that line's request and response
 * fields are built only when its level is enabled. The application's own lines during the request
 * get the ids from the request context (`runInRequestContext`). `observe` (the HTTP metrics) is
 * told of every completed response on the same listener.
 */
export function createHttpLogger(root: Logger, observe?: ResponseObserver): HttpLogger {
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const request = req as LoggedRequest;
    const response = res as LoggedResponse;
    const { correlationId, requestId } = attachRequestContext(req, res);
    request.id = requestId;
    const path = req.url ?? '';
    const query = path.indexOf('?');
    const logged = !QUIET_PATHS.has(query < 0 ? path : path.slice(0, query));
    if (logged) (request as LoggedRequest & { [LOGGED]?: boolean })[LOGGED] = true;
    const started = process.hrtime.bigint();
    let done = false;
    const onComplete = (error?: unknown): void => {
      if (done) return;
      done = true;
      const finished = res.writableFinished;
      observe?.(req, res, started, finished);
      if (!logged) return;
      const failure = error ?? response.err ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
      const level = failure !== undefined ? 'error' : 'info';
      if (!root.isLevelEnabled(level)) return;
      const fields: Record<string, unknown> = {
        correlationId,
        requestId,
        req: serializeRequest(request),
        res: { statusCode: res.statusCode, contentLength: res.getHeader('content-length') },
        responseTime: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      };
      if (failure !== undefined) {
        fields.err = failure;
        root.error(fields, 'request errored');
      } else {
        root.info(fields, 'request completed');
      }
    };
    // 'close' follows every response, sent or aborted; an 'error' listener keeps a failed write
    // from becoming an uncaught exception.
    res.on('close', () => onComplete());
    res.on('error', onComplete);
    next();
  };
  return Object.assign(middleware, { logger: root });
}
