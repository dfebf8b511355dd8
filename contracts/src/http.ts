/**
 * Types shared by the REST contract of every service (api-contract: errors, paging, batches).
 */

/** Media type of error responses (RFC 7807 / RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** One failing input field. `field` is the dotted path in the request body, e.g. `items.3.code`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error response (`application/problem+json`). 400 malformed or invalid input (with
 * `errors`), 401/403 authentication and authorisation, 404 unknown id, 409 conflict (duplicate
 * natural key, stale version), 422 a domain rule refuses (`detail` names the rule and, where
 * there is one, the date from which it will allow the request).
 */
export interface ProblemDetails {
  /** URI reference identifying the problem type; `about:blank` when the status says it all. */
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** URI reference of this occurrence, usually the request path. */
  instance?: string;
}

/** A page of a list: `?page=1&pageSize=50` → `{ items, page, pageSize, total }`; `page` is 1-based. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  /** Number of items over all pages. */
  total: number;
}

export type BatchItemStatus = 'CREATED' | 'DUPLICATE' | 'INVALID';

/**
 * Outcome of one item of a batch request. Valid items are stored and invalid ones are not, so
 * the caller resubmits exactly the items reported INVALID.
 */
export interface BatchItemResult {
  /** 0-based position of the item in the request's `items`. */
  index: number;
  status: BatchItemStatus;
  /** Id of the created (or already existing, for DUPLICATE) record, where records have ids. */
  id?: string;
  /** Code of the created (or already existing) subject, where the record is a subject. */
  code?: string;
  /** Why an INVALID item was refused; fields relative to the item. */
  errors?: FieldError[];
}

/** Response body of the batch endpoints. */
export interface BatchResult {
  results: BatchItemResult[];
}
