import { HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FieldValidationProblem, MalformedRequestProblem, PROBLEM_TYPES, ProblemException } from '../errors/problems';

type Next = (error?: unknown) => void;

/** Longest query parameter value accepted, in characters after percent-decoding. */
export const QUERY_PARAM_MAX_LENGTH = 2048;
/** Most query parameters accepted in one request; the contract's list queries take a handful. */
export const QUERY_MAX_PARAMS = 50;

/** Media types the API reads a body of: JSON only (the JSON parser reads exactly these). */
export const JSON_MEDIA_TYPE = 'application/json';

/** Whether the request carries a body at all (a zero Content-Length is no body). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0].trim().toLowerCase() === JSON_MEDIA_TYPE;
}

/**
 * The API reads JSON bodies only: a body of any other type (a form, text, no Content-Type at all)
 * is refused with 415 instead of reaching a handler as an empty or undefined body.
 */
export function requireJsonBody(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  if (hasBody(req) && !isJson(req.headers['content-type'])) {
    next(
      new ProblemException({
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Unsupported media type',
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        detail: 'The request body must be JSON, sent with Content-Type: application/json.',
      }),
    );
    return;
  }
  next();
}

/** A parameter name fit to be repeated in a problem: a plain identifier of sensible length. */
const SHOWABLE_NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Bounds the query string before anything parses it: at most QUERY_MAX_PARAMS parameters, each
 * value at most QUERY_PARAM_MAX_LENGTH characters. Both → 400 naming the limit (and the parameter,
 * when its name is a plain identifier). The URL as a whole is bounded by Node's header size limit.
 */
export function limitQuery(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  const url = req.url ?? '';
  const start = url.indexOf('?');
  if (start < 0 || start === url.length - 1) {
    next();
    return;
  }
  const pairs = url.slice(start + 1).split('&');
  if (pairs.length > QUERY_MAX_PARAMS) {
    next(new MalformedRequestProblem(`The query string has ${pairs.length} parameters; at most ${QUERY_MAX_PARAMS} are accepted.`));
    return;
  }
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : decoded(pair.slice(equals + 1));
    const name = decoded(rawName);
    if (value.length > QUERY_PARAM_MAX_LENGTH || name.length > QUERY_PARAM_MAX_LENGTH) {
      const message = `must be at most ${QUERY_PARAM_MAX_LENGTH} characters long`;
      next(
        SHOWABLE_NAME.test(name)
          ? new FieldValidationProblem([{ field: name, message: `${name} ${message}` }], `The query parameter ${name} ${message}.`)
          : new MalformedRequestProblem(`A query parameter is longer than ${QUERY_PARAM_MAX_LENGTH} characters.`),
      );
      return;
    }
  }
  next();
}
