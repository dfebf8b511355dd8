import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fixedHeadersOf, securityHeaders } from './security-headers';

/** A response that records the headers set on it (what helmet uses of a response). */
function recordingResponse(): { res: ServerResponse; headers: Map<string, unknown>; removed: string[] } {
  const headers = new Map<string, unknown>();
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => void removed.push(name.toLowerCase()),
  } as unknown as ServerResponse;
  return { res, headers, removed };
}

describe('securityHeaders', () => {
  it("gives an API response exactly the headers of the API's helmet policy", () => {
    const expected = recordingResponse();
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      xFrameOptions: { action: 'deny' },
    })({ url: '/api/v1/credit-check/x', headers: {} } as IncomingMessage, expected.res, () => undefined);
    const actual = recordingResponse();
    let wentOn = false;
    securityHeaders()({ url: '/api/v1/credit-check/x', headers: {} } as IncomingMessage, actual.res, () => (wentOn = true));
    expect(wentOn).toBe(true);
    expect([...actual.headers]).toEqual([...expected.headers]);
    expect(actual.removed).toEqual(expected.removed);
    expect(actual.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('leaves a middleware that reads the request or the response to run on every request', () => {
    expect(fixedHeadersOf((req, _res, next) => (req.url, next()))).toBeUndefined();
    expect(fixedHeadersOf((_req, res, next) => (res.getHeader('x'), next()))).toBeUndefined();
    expect(fixedHeadersOf((_req, _res, next) => next(new Error('no')))).toBeUndefined();
    expect(fixedHeadersOf((_req, res, next) => (res.setHeader('X-A', '1'), next()))).toEqual({ set: [['X-A', '1']], removed: [] });
  });
});
