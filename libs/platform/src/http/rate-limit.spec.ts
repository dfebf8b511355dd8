import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from '../errors/problems';
import { clientKey, FixedWindowLimiter, rateLimitMiddleware, RATE_LIMITED_PROBLEM_TYPE } from './rate-limit';

describe('fixed-window rate limiter', () => {
  it('admits the budget, refuses beyond it with the seconds left, and admits again after the window', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
    now += 15_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    // Another key has its own budget.
    expect(limiter.hit('b').allowed).toBe(true);
    now += 44_500;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500;
    expect(limiter.hit('a')).toEqual({ allowed: true, retryAfterSeconds: 60 });
  });

  it('forgets the counters of callers gone quiet', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter(10, () => now);
    for (let i = 0; i < 100; i++) limiter.hit(`caller-${i}`);
    expect(limiter.size).toBe(100);
    now += 61_000;
    limiter.hit('caller-0');
    expect(limiter.size).toBe(1);
  });
});

describe('the key of a client address', () => {
  it('keys IPv4 by address, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:0:12:aaaa::1')).toBe('2001:db8:0:12::/64');
    expect(clientKey('2001:0db8:0000:0012:ffff:1:2:3')).toBe('2001:db8:0:12::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(undefined)).toBe('unknown');
  });
});

describe('rate limit middleware', () => {
  const request = (method: string, url: string, ip = '198.51.100.1', department?: string) =>
    ({ method, url, headers: {}, ip, department }) as unknown as IncomingMessage & { ip: string; department?: string };

  function setUp(publicPerMinute: number, writePerMinute: number) {
    let now = 0;
    const middleware = rateLimitMiddleware({
      publicPerMinute,
      writePerMinute,
      publicPrefix: '/api/v1/public',
      departmentOf: async (req) => (req as { department?: string }).department,
      addressOf: (req) => (req as { ip?: string }).ip,
      now: () => now,
    });
    const send = async (req: IncomingMessage) => {
      const headers: Record<string, string> = {};
      const res = { setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value) } as unknown as ServerResponse;
      const error = await new Promise<unknown>((resolve) => middleware!(req, res, resolve));
      return { error, headers };
    };
    return { middleware, send, advance: (ms: number) => (now += ms) };
  }

  it('is absent when both budgets are off', () => {
    expect(setUp(0, 0).middleware).toBeUndefined();
  });

  it('counts public routes per address, whatever the case of the path, and answers 429 with Retry-After', async () => {
    const { send, advance } = setUp(2, 0);
    expect((await send(request('GET', '/api/v1/public/subjects?q=x'))).error).toBeUndefined();
    expect((await send(request('GET', '/API/V1/PUBLIC/subjects'))).error).toBeUndefined();
    const refused = await send(request('GET', '/api/v1/public/black-list'));
    expect(refused.error).toBeInstanceOf(ProblemException);
    expect((refused.error as ProblemException).problem).toMatchObject({ type: RATE_LIMITED_PROBLEM_TYPE, status: 429, retryAfterSeconds: 60 });
    expect((refused.error as ProblemException).problem.detail).toContain('at most 2 a minute');
    expect(refused.headers['retry-after']).toBe('60');
    // Another address, and a non-public route, are not affected.
    expect((await send(request('GET', '/api/v1/public/subjects', '198.51.100.2'))).error).toBeUndefined();
    expect((await send(request('GET', '/api/v1/subjects/x'))).error).toBeUndefined();
    advance(60_000);
    expect((await send(request('GET', '/api/v1/public/subjects'))).error).toBeUndefined();
  });

  it('counts writes per department, else per address, and leaves reads alone', async () => {
    const { send } = setUp(0, 1);
    expect((await send(request('POST', '/api/v1/penalties', '198.51.100.1', 'DEPT-A'))).error).toBeUndefined();
    const refused = await send(request('PATCH', '/api/v1/penalties/1', '198.51.100.9', 'DEPT-A'));
    expect((refused.error as ProblemException).problem.detail).toContain('department DEPT-A');
    // The same address under another department, and reads of the first, still pass.
    expect((await send(request('DELETE', '/api/v1/penalties/1', '198.51.100.1', 'DEPT-B'))).error).toBeUndefined();
    expect((await send(request('GET', '/api/v1/penalties', '198.51.100.1', 'DEPT-A'))).error).toBeUndefined();
    expect((await send(request('PUT', '/api/v1/vault/k', '198.51.100.3'))).error).toBeUndefined();
    const anonymous = await send(request('PUT', '/api/v1/vault/k', '198.51.100.3'));
    expect((anonymous.error as ProblemException).problem.detail).toContain('this address');
  });
});
