import { decideTargetHealth, MAX_RETRY_AFTER_MS, parseRetryAfter } from './target-pause';

const backoff = { initial: 1000, max: 60_000 };
const noJitter = () => 1;
const now = new Date('2026-12-07T08:00:00Z');

describe('target backpressure', () => {
  it('reads Retry-After as seconds or an HTTP-date, capped', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('429 pauses the target for Retry-After, or the backoff without one', () => {
    expect(decideTargetHealth({ kind: 'answered', httpStatus: 429, body: '', retryAfterMs: 5000 }, 0, backoff, noJitter)).toEqual({ kind: 'pause', pauseMs: 5000, reason: 'HTTP 429' });
    expect(decideTargetHealth({ kind: 'answered', httpStatus: 429, body: '' }, 2, backoff, noJitter)).toEqual({ kind: 'pause', pauseMs: 4000, reason: 'HTTP 429' });
  });

  it('5xx, 408 and no answer pause it with the backoff of its consecutive failures, capped', () => {
    expect(decideTargetHealth({ kind: 'answered', httpStatus: 503, body: '' }, 0, backoff, noJitter)).toEqual({ kind: 'pause', pauseMs: 1000, reason: 'HTTP 503' });
    expect(decideTargetHealth({ kind: 'answered', httpStatus: 408, body: '' }, 1, backoff, noJitter)).toMatchObject({ kind: 'pause', pauseMs: 2000 });
    expect(decideTargetHealth({ kind: 'unreachable', error: 'connect ECONNREFUSED' }, 40, backoff, noJitter)).toEqual({ kind: 'pause', pauseMs: 60_000, reason: 'connect ECONNREFUSED' });
  });

  it('any other answer, a refusal included, says the target is up', () => {
    expect(decideTargetHealth({ kind: 'answered', httpStatus: 200, body: '' }, 5, backoff)).toEqual({ kind: 'healthy' });
    expect(decideTargetHealth({ kind: 'answered', httpStatus: 400, body: '' }, 5, backoff)).toEqual({ kind: 'healthy' });
  });
});
