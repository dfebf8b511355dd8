import type { FieldError, ProblemDetails as ContractProblemDetails } from '@credit/contracts';
import { PROBLEM_JSON } from '@credit/contracts';
import { HttpException, HttpStatus } from '@nestjs/common';

/** One failing input field: a dotted path into the request (`subject.code`, `items.3.code`). */
export type ProblemField = FieldError;

/** RFC 7807 body of every error response (`application/problem+json`), with extension members. */
export interface ProblemDetails extends ContractProblemDetails {
  /** Extension members: `rule`, `allowedFrom`, `correlationId`, ... */
  [extension: string]: unknown;
}

/** What a thrown problem carries; the filter adds `instance` and `correlationId`. */
export interface ProblemContent {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemField[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = PROBLEM_JSON;

/** Stable problem type URIs: clients branch on these, never on `title` or `detail` text. */
export const PROBLEM_TYPES = {
  malformedRequest: 'urn:credit:problem:malformed-request',
  validation: 'urn:credit:problem:validation',
  unauthorized: 'urn:credit:problem:unauthorized',
  forbidden: 'urn:credit:problem:forbidden',
  notFound: 'urn:credit:problem:not-found',
  conflict: 'urn:credit:problem:conflict',
  staleVersion: 'urn:credit:problem:stale-version',
  domainRule: 'urn:credit:problem:domain-rule',
  idempotencyKeyReused: 'urn:credit:problem:idempotency-key-reused',
  idempotencyInFlight: 'urn:credit:problem:idempotency-request-in-flight',
  payloadTooLarge: 'urn:credit:problem:payload-too-large',
  unsupportedMediaType: 'urn:credit:problem:unsupported-media-type',
  internal: 'urn:credit:problem:internal',
  /** RFC 7807 §4.2: no further semantics than the HTTP status itself. */
  http: 'about:blank',
} as const;

/** An HTTP error already shaped as a problem; the global filter writes it as it is. */
export class ProblemException extends HttpException {
  readonly problem: ProblemContent;

  constructor(problem: ProblemContent) {
    super(problem, problem.status);
    this.problem = problem;
    this.name = new.target.name;
  }
}

/** 404: the addressed record does not exist (or is not visible to the caller). */
export class NotFoundProblem extends ProblemException {
  constructor(detail: string) {
    super({ type: PROBLEM_TYPES.notFound, title: 'Not found', status: HttpStatus.NOT_FOUND, detail });
  }
}

/** 409: a duplicate natural key or a concurrent change; `field` names the clashing input when there is one. */
export class ConflictProblem extends ProblemException {
  constructor(detail: string, field?: string) {
    super({
      type: PROBLEM_TYPES.conflict,
      title: 'Conflict',
      status: HttpStatus.CONFLICT,
      detail,
      ...(field !== undefined ? { errors: [{ field, message: detail }] } : {}),
    });
  }
}

/** 403: authenticated, but not allowed to do this (role, or not the record's source unit). */
export class ForbiddenProblem extends ProblemException {
  constructor(detail: string) {
    super({ type: PROBLEM_TYPES.forbidden, title: 'Forbidden', status: HttpStatus.FORBIDDEN, detail });
  }
}

/** 401: no valid bearer token. */
export class UnauthorizedProblem extends ProblemException {
  constructor(detail: string) {
    super({ type: PROBLEM_TYPES.unauthorized, title: 'Unauthorized', status: HttpStatus.UNAUTHORIZED, detail });
  }
}

/** 400 with the failing fields, for checks beyond the DTO's decorators (check characters, cross-field rules). */
export class FieldValidationProblem extends ProblemException {
  constructor(errors: ProblemField[], detail?: string) {
    super({
      type: PROBLEM_TYPES.validation,
      title: 'Invalid request',
      status: HttpStatus.BAD_REQUEST,
      detail: detail ?? describeFields(errors),
      errors,
    });
  }
}

/** 400 for a request that cannot be read at all (malformed JSON, a bad header). */
export class MalformedRequestProblem extends ProblemException {
  constructor(detail: string, errors?: ProblemField[]) {
    super({
      type: PROBLEM_TYPES.malformedRequest,
      title: 'Malformed request',
      status: HttpStatus.BAD_REQUEST,
      detail,
      ...(errors ? { errors } : {}),
    });
  }
}

function describeFields(errors: ProblemField[]): string {
  if (errors.length === 0) return 'The request is invalid.';
  const fields = [...new Set(errors.map((e) => e.field || '(body)'))];
  return `The request has ${errors.length} invalid value${errors.length === 1 ? '' : 's'}: ${fields.join(', ')}.`;
}

/**
 * The deciders' refusals (→ 422 / 409) live with the credit rules, free of any framework; they are
 * re-exported here so `@credit/platform` keeps offering them to services and the problem filter.
 */
export { DomainRuleError, StateConflictError } from '@credit/credit-rules';
