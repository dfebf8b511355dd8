import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's correlation id is taken as given only when it is a plain token: it is echoed in a
 * header and written to every log line, so anything else (line breaks, markup, megabytes) is
 * replaced by a fresh id rather than trusted.
 */
const SAFE_ID = /^[A-Za-z0-9._:@\-]{1,128}$/;

/** What the platform attaches to every HTTP request before anything else runs. */
export interface RequestContextFields {
  correlationId: string;
  requestId: string;
}

type ContextualRequest = IncomingMessage & Partial<RequestContextFields>;

/**
 * Gives the request its correlation id (from `X-Correlation-Id`, else a new UUID) and its own
 * request id, and echoes both in the response headers. Idempotent: the first middleware, the
 * request logger and the error filter may all call it and get the same ids.
 */
export function attachRequestContext(req: IncomingMessage, res: ServerResponse): RequestContextFields {
  const request = req as ContextualRequest;
  if (!request.correlationId || !request.requestId) {
    const given = headerValue(req, CORRELATION_ID_HEADER);
    request.correlationId = given !== undefined && SAFE_ID.test(given) ? given : randomUUID();
    request.requestId = randomUUID();
  }
  // Set once per response (the later calls find them there), and again if something removed them.
  if (!res.headersSent && res.getHeader('X-Request-Id') !== request.requestId) {
    res.setHeader('X-Correlation-Id', request.correlationId);
    res.setHeader('X-Request-Id', request.requestId);
  }
  return { correlationId: request.correlationId, requestId: request.requestId };
}

/**
 * The ids of the request being served, carried through its asynchronous continuations so that every
 * log line written while serving it names them (the root logger adds them to each line). The only
 * per-request asynchronous context of the platform: one small object, no logger per request.
 */
const requestLogContext = new AsyncLocalStorage<RequestContextFields>();

/** The ids of the request whose handling is running now, if any. */
export function currentRequestContext(): RequestContextFields | undefined {
  return requestLogContext.getStore();
}

/**
 * Runs the rest of the request's handling in its context. Mounted after the body parsers: a body is
 * read from socket events, which do not carry a context entered before them.
 */
export function runInRequestContext(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  requestLogContext.run(idsOf(req, res), next);
}

/** The request's ids, attached by the first middleware (attached here if they were not). */
function idsOf(req: IncomingMessage, res: ServerResponse): RequestContextFields {
  const { correlationId, requestId } = req as ContextualRequest;
  return correlationId && requestId ? { correlationId, requestId } : attachRequestContext(req, res);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

function contextOf(ctx: ExecutionContext): RequestContextFields {
  const http = ctx.switchToHttp();
  return idsOf(http.getRequest<IncomingMessage>(), http.getResponse<ServerResponse>());
}

/**
 * The request's correlation id, to put on the events the request appends: it travels unchanged
 * through the whole business flow (the repair application id during a repair).
 */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => contextOf(ctx).correlationId);

/** The id of this one HTTP request (a good `causationId` for the events it appends). */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => contextOf(ctx).requestId);
