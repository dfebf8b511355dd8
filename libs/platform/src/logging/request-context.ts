import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
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

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

function contextOf(ctx: ExecutionContext): RequestContextFields {
  const http = ctx.switchToHttp();
  return attachRequestContext(http.getRequest<IncomingMessage>(), http.getResponse<ServerResponse>());
}

/**
 * The request's correlation id, to put on the events the request appends: it travels unchanged
 * through the whole business flow (the repair application id during a repair).
 */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => contextOf(ctx).correlationId);

/** The id of this one HTTP request (a good `causationId` for the events it appends). */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => contextOf(ctx).requestId);
