import { maskIdNumbersInText } from '@credit/domain-kernel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { PlatformConfig } from '../config/platform-config';
import { attachRequestContext, type RequestContextFields } from './request-context';

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

type LoggedRequest = IncomingMessage & Partial<RequestContextFields> & { originalUrl?: string };

/** Paths polled by orchestrators and scrapers every few seconds; a log line each would drown the rest. */
const QUIET_PATHS = new Set(['/health/live', '/metrics']);

/**
 * The request logger (pino-http). It runs as the first middleware, before the body parsers, so that
 * even a request refused for its body gets a log line with its correlation id.
 */
export function createHttpLogger(root: Logger): HttpLogger {
  return pinoHttp({
    logger: root,
    genReqId: (req, res) => attachRequestContext(req, res).requestId,
    customProps: (req, res) => {
      const { correlationId, requestId } = attachRequestContext(req, res);
      return { correlationId, requestId };
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    // Bodies are never logged: they carry names and ID numbers. The URL is masked (/subjects/<ID>).
    serializers: {
      req: (req: { id: unknown; method: string; url: string; raw: LoggedRequest }) => {
        const raw = req.raw;
        const headers: Record<string, string> = {};
        for (const name of LOGGED_HEADERS) {
          const value = raw.headers[name];
          if (value !== undefined) headers[name] = maskIdNumbersInText(Array.isArray(value) ? value.join(', ') : value);
        }
        return {
          id: req.id,
          method: req.method,
          url: maskIdNumbersInText(raw.originalUrl ?? raw.url ?? ''),
          headers,
          remoteAddress: raw.socket?.remoteAddress,
        };
      },
      res: (res: { statusCode: number; raw: ServerResponse }) => ({
        statusCode: res.statusCode,
        contentLength: res.raw.getHeader('content-length'),
      }),
      err: serializeError,
    },
  });
}
