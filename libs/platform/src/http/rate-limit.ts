import { HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { ProblemException } from '../errors/problems';

/** Problem type of a 429: clients branch on it to back off and retry after `Retry-After`. */
export const RATE_LIMITED_PROBLEM_TYPE = 'urn:credit:problem:rate-limited';

const WINDOW_MS = 60_000;
/** Keys remembered at most; beyond it the oldest counters are dropped (their callers start afresh). */
const MAX_KEYS = 100_000;

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the caller's budget is renewed (at least 1); meaningful when refused. */
  retryAfterSeconds: number;
}

interface Counter {
  windowStart: number;
  count: number;
}

/**
 * Requests per key and minute, in fixed one-minute windows that start at a key's first request.
 * In-process: each instance of a service counts its own requests, so N instances behind a load
 * balancer admit up to N times the budget in total, which is still a bound.
 */
export class FixedWindowLimiter {
  private readonly counters = new Map<string, Counter>();
  private lastSweep: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  hit(key: string): RateLimitDecision {
    const now = this.now();
    this.sweep(now);
    let counter = this.counters.get(key);
    if (counter === undefined || now - counter.windowStart >= WINDOW_MS) {
      // Re-inserted, so that insertion order stays oldest first for the eviction below.
      this.counters.delete(key);
      counter = { windowStart: now, count: 0 };
      this.counters.set(key, counter);
      if (this.counters.size > MAX_KEYS) this.counters.delete(this.counters.keys().next().value as string);
    }
    counter.count++;
    const retryAfterSeconds = Math.max(1, Math.ceil((counter.windowStart + WINDOW_MS - now) / 1000));
    return { allowed: counter.count <= this.perMinute, retryAfterSeconds };
  }

  /** Keys tracked now (tests). */
  get size(): number {
    return this.counters.size;
  }

  /** Once a window: forgets counters whose window has passed, so that memory follows active callers. */
  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    for (const [key, counter] of this.counters) {
      if (now - counter.windowStart >= WINDOW_MS) this.counters.delete(key);
    }
  }
}

/**
 * The client's address as the budget key. An IPv6 client usually holds a whole /64, and could
 * otherwise take a fresh address (and a fresh budget) for every request; IPv4 addresses mapped
 * into IPv6 count as the IPv4 address.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded, zone id dropped. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = tail !== undefined ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}

export interface RateLimitOptions {
  /** Per client address on `publicPrefix` routes; 0 = no limit. */
  publicPerMinute: number;
  /** Per department (else client address) on POST, PUT, PATCH and DELETE; 0 = no limit. */
  writePerMinute: number;
  /** Path prefix of the anonymous routes, lower case, e.g. `/api/v1/public`. */
  publicPrefix: string;
  /** The verified department of a request's bearer token, or undefined (no token, or not a valid one). */
  departmentOf: (req: IncomingMessage) => Promise<string | undefined>;
  /** The client's address (Express's `req.ip`, which honours `trust proxy`). */
  addressOf: (req: IncomingMessage) => string | undefined;
  /** The clock (tests). */
  now?: () => number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Next = (error?: unknown) => void;

/**
 * Two budgets, each request counted against at most one: requests to the anonymous public routes
 * per client address, and writes per department. Over budget → 429 problem with `Retry-After`.
 * Returns undefined when both budgets are off.
 */
export function rateLimitMiddleware(options: RateLimitOptions): ((req: IncomingMessage, res: ServerResponse, next: Next) => void) | undefined {
  const publicLimiter = options.publicPerMinute > 0 ? new FixedWindowLimiter(options.publicPerMinute, options.now) : undefined;
  const writeLimiter = options.writePerMinute > 0 ? new FixedWindowLimiter(options.writePerMinute, options.now) : undefined;
  if (!publicLimiter && !writeLimiter) return undefined;

  const refuse = (res: ServerResponse, next: Next, decision: RateLimitDecision, detail: string): void => {
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    next(
      new ProblemException({
        type: RATE_LIMITED_PROBLEM_TYPE,
        title: 'Too many requests',
        status: HttpStatus.TOO_MANY_REQUESTS,
        detail: `${detail} Retry after ${decision.retryAfterSeconds} s.`,
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  };

  return (req, res, next) => {
    // Express matches routes case-insensitively: so must the prefix check, or /API/V1/PUBLIC escapes it.
    const path = (req.url ?? '').split('?')[0].toLowerCase();
    if (path === options.publicPrefix || path.startsWith(`${options.publicPrefix}/`)) {
      if (!publicLimiter) return next();
      const decision = publicLimiter.hit(`ip:${clientKey(options.addressOf(req))}`);
      if (decision.allowed) return next();
      return refuse(res, next, decision, `Too many requests from this address: at most ${publicLimiter.perMinute} a minute.`);
    }
    if (!writeLimiter || !WRITE_METHODS.has(req.method ?? '')) return next();
    options.departmentOf(req).then(
      (department) => {
        const key = department !== undefined ? `department:${department}` : `ip:${clientKey(options.addressOf(req))}`;
        const decision = writeLimiter.hit(key);
        if (decision.allowed) return next();
        const who = department !== undefined ? `department ${department}` : 'this address';
        refuse(res, next, decision, `Too many write requests from ${who}: at most ${writeLimiter.perMinute} a minute.`);
      },
      (error: unknown) => next(error),
    );
  };
}
