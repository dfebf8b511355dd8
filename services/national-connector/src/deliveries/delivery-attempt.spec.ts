import { decideAttempt } from './delivery-attempt';

const backoff = { initial: 1000, max: 60_000 };
const noJitter = () => 1;

describe('delivery attempt outcome', () => {
  it('2xx is delivered', () => {
    expect(decideAttempt({ kind: 'answered', httpStatus: 200, body: '{}' }, 1, backoff)).toEqual({ status: 'DELIVERED', httpStatus: 200 });
    expect(decideAttempt({ kind: 'answered', httpStatus: 202, body: '' }, 3, backoff).status).toBe('DELIVERED');
  });

  it('5xx, 408, 429 and unreachable are retried with exponential, capped backoff', () => {
    expect(decideAttempt({ kind: 'answered', httpStatus: 503, body: 'busy' }, 1, backoff, noJitter)).toEqual({ status: 'PENDING', retryInMs: 1000, httpStatus: 503, error: 'HTTP 503: busy' });
    expect(decideAttempt({ kind: 'answered', httpStatus: 500, body: '' }, 3, backoff, noJitter)).toMatchObject({ status: 'PENDING', retryInMs: 4000 });
    expect(decideAttempt({ kind: 'answered', httpStatus: 429, body: '' }, 1, backoff).status).toBe('PENDING');
    expect(decideAttempt({ kind: 'answered', httpStatus: 408, body: '' }, 1, backoff).status).toBe('PENDING');
    expect(decideAttempt({ kind: 'unreachable', error: 'ECONNREFUSED' }, 20, backoff, noJitter)).toEqual({ status: 'PENDING', retryInMs: 60_000, httpStatus: null, error: 'ECONNREFUSED' });
  });

  it('a Retry-After longer than the backoff sets the retry', () => {
    expect(decideAttempt({ kind: 'answered', httpStatus: 429, body: '', retryAfterMs: 30_000 }, 1, backoff, noJitter)).toMatchObject({ status: 'PENDING', retryInMs: 30_000 });
    expect(decideAttempt({ kind: 'answered', httpStatus: 503, body: '', retryAfterMs: 10 }, 2, backoff, noJitter)).toMatchObject({ status: 'PENDING', retryInMs: 2000 });
  });

  it('another 4xx is refused for good', () => {
    expect(decideAttempt({ kind: 'answered', httpStatus: 400, body: 'bad target' }, 1, backoff)).toEqual({ status: 'FAILED', httpStatus: 400, error: 'HTTP 400: bad target' });
    expect(decideAttempt({ kind: 'answered', httpStatus: 422, body: '' }, 2, backoff)).toEqual({ status: 'FAILED', httpStatus: 422, error: 'HTTP 422' });
  });
});
