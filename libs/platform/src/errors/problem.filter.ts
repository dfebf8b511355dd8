import { maskIdNumbersInText } from '@credit/domain-kernel';
import { WrongExpectedVersionError } from '@credit/event-store';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isRequestLogged } from '../logging/logger';
import { attachRequestContext } from '../logging/request-context';
import { bodyParserProblem } from './body-parser-errors';
import {
  DomainRuleError,
  StateConflictError,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  ProblemException,
  type ProblemContent,
  type ProblemDetails,
} from './problems';


const TYPE_BY_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: PROBLEM_TYPES.malformedRequest,
  [HttpStatus.UNAUTHORIZED]: PROBLEM_TYPES.unauthorized,
  [HttpStatus.FORBIDDEN]: PROBLEM_TYPES.forbidden,
  [HttpStatus.NOT_FOUND]: PROBLEM_TYPES.notFound,
  [HttpStatus.CONFLICT]: PROBLEM_TYPES.conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: PROBLEM_TYPES.payloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: PROBLEM_TYPES.unsupportedMediaType,
};

/** Maps anything thrown while serving a request to an RFC 7807 problem; `undefined` = unexpected (500). */
export function toProblem(exception: unknown): ProblemContent | undefined {
  if (exception instanceof ProblemException) return exception.problem;
  if (exception instanceof DomainRuleError) {
    return {
      type: PROBLEM_TYPES.domainRule,
      title: 'Refused by a domain rule',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail: exception.detail,
      rule: exception.rule,
      ...(exception.allowedFrom !== undefined ? { allowedFrom: exception.allowedFrom } : {}),
    };
  }
  if (exception instanceof StateConflictError) {
    return { type: PROBLEM_TYPES.conflict, title: 'Conflict', status: HttpStatus.CONFLICT, detail: exception.detail, rule: exception.rule };
  }
  if (exception instanceof WrongExpectedVersionError) {
    return {
      type: PROBLEM_TYPES.staleVersion,
      title: 'Conflict',
      status: HttpStatus.CONFLICT,
      detail: `The record was changed by another request meanwhile (${exception.message}); read it again and retry.`,
    };
  }
  const bodyProblem = bodyParserProblem(exception);
  if (bodyProblem) return bodyProblem.problem;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return {
      type: TYPE_BY_STATUS[status] ?? PROBLEM_TYPES.http,
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail: httpExceptionDetail(exception),
    };
  }
  return undefined;
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/**
 * The one place an HTTP error becomes a response: `application/problem+json` for every error,
 * whatever threw it. Unexpected errors answer a generic 500 (no internals leak to the caller) and
 * are logged with their stack and the request's correlation id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    // Event handlers have their own retry, parking and dead-letter handling: let it see the error.
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
    const res = host.switchToHttp().getResponse<ServerResponse & { err?: unknown }>();
    const { correlationId } = attachRequestContext(req, res);

    let problem = toProblem(exception);
    if (!problem) {
      problem = {
        type: PROBLEM_TYPES.internal,
        title: 'Internal server error',
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail: `An unexpected error occurred. It has been logged under correlation id ${correlationId}.`,
      };
      this.logUnexpected(exception, req, res);
    }

    if (res.headersSent) {
      // The handler had started streaming; the connection is all that can still signal failure.
      res.destroy();
      return;
    }
    const body: ProblemDetails = {
      ...problem,
      // The path may name a natural person by ID number (GET /subjects/{code}): never echo it.
      instance: maskIdNumbersInText((req.originalUrl ?? req.url ?? '').split('?')[0]),
      correlationId,
    };
    if (problem.status === HttpStatus.UNAUTHORIZED) {
      // RFC 6750 §3: tell the client which scheme to use.
      res.setHeader('WWW-Authenticate', 'Bearer realm="credit-platform"');
    }
    res.statusCode = problem.status;
    res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.end(JSON.stringify(body));
  }

  private logUnexpected(exception: unknown, req: IncomingMessage, res: { err?: unknown }): void {
    if (isRequestLogged(req)) {
      // The request logger writes it on the request's completion line, stack and correlation id included.
      res.err = exception instanceof Error ? exception : new Error(String(exception));
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
  }
}
