import { HttpStatus } from '@nestjs/common';
import { JSON_TOO_DEEP } from '../http/json-depth';
import { MalformedRequestProblem, PROBLEM_TYPES, ProblemException } from './problems';

interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { type?: unknown }).type === 'string' &&
  typeof ((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode) === 'number';

/**
 * Turns a body-parser refusal into a problem of our own wording. The parser's own message is not
 * reused: for invalid JSON it quotes the body, and the body may hold a citizen's ID number.
 */
export function bodyParserProblem(error: unknown): ProblemException | undefined {
  if (!isBodyParserError(error)) return undefined;
  const status = error.status ?? error.statusCode ?? HttpStatus.BAD_REQUEST;
  switch (error.type) {
    case 'entity.parse.failed':
      return new MalformedRequestProblem('The request body is not valid JSON.');
    case JSON_TOO_DEEP:
      return new MalformedRequestProblem(
        `The request body nests arrays and objects more than ${error.limit} levels deep; at most ${error.limit} levels are accepted.`,
      );
    case 'entity.too.large':
    case 'parameters.too.many':
      return new ProblemException({
        type: PROBLEM_TYPES.payloadTooLarge,
        title: 'Payload too large',
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        detail:
          error.limit !== undefined
            ? `The request body exceeds the limit of ${error.limit} bytes; split a batch into smaller ones.`
            : 'The request body is too large; split a batch into smaller ones.',
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemException({
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Unsupported media type',
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        detail: 'The request body must be UTF-8 JSON, uncompressed or gzip/deflate encoded.',
      });
    case 'request.aborted':
      return new MalformedRequestProblem('The request body was not received completely.');
    case 'request.size.invalid':
      return new MalformedRequestProblem('The request body does not match its Content-Length.');
    default:
      return status >= 400 && status < 500
        ? new MalformedRequestProblem('The request body could not be read.')
        : undefined;
  }
}

/**
 * Express error middleware placed right after the body parsers: hands our problem to the router's
 * error handling (and so to the global problem filter) instead of the parser's raw error.
 */
export function bodyParserErrorMiddleware(error: unknown, _req: unknown, _res: unknown, next: (error?: unknown) => void): void {
  next(bodyParserProblem(error) ?? error);
}
