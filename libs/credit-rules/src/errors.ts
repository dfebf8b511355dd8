/**
 * The two ways a credit rule refuses a command. Thrown by deciders and rules, so they carry no HTTP
 * notion and no framework: the platform's problem filter maps DomainRuleError to 422 and
 * StateConflictError to 409 (`@credit/platform` re-exports both for compatibility).
 */

/**
 * A domain rule refuses the command (→ 422). Thrown by deciders, so it carries no HTTP notion:
 * `detail` says which rule refused and when it will allow the command; `rule` is a stable
 * identifier of the rule and `allowedFrom` the earliest date (YYYY-MM-DD) or time it may succeed.
 */
export class DomainRuleError extends Error {
  readonly rule: string;
  readonly allowedFrom?: string;

  constructor(
    readonly detail: string,
    options: { rule: string; allowedFrom?: string },
  ) {
    super(detail);
    this.name = 'DomainRuleError';
    this.rule = options.rule;
    this.allowedFrom = options.allowedFrom;
  }
}

/**
 * The command conflicts with the resource's current state (→ 409): already decided, already exited,
 * already reviewed. Unlike a DomainRuleError, waiting will not make it succeed; `rule` names the
 * state the resource is in. Thrown by deciders, so it carries no HTTP notion.
 */
export class StateConflictError extends Error {
  readonly rule: string;

  constructor(
    readonly detail: string,
    options: { rule: string },
  ) {
    super(detail);
    this.name = 'StateConflictError';
    this.rule = options.rule;
  }
}
