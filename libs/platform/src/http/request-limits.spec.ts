import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from '../errors/problems';
import { limitQuery, QUERY_MAX_PARAMS, QUERY_PARAM_MAX_LENGTH, requireJsonBody } from './request-limits';

const run = (middleware: (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void, req: Partial<IncomingMessage>) =>
  new Promise<ProblemException | undefined>((resolve) => middleware({ headers: {}, ...req } as IncomingMessage, {} as ServerResponse, (e) => resolve(e as never)));

describe('query string limits', () => {
  it('lets ordinary queries through', async () => {
    expect(await run(limitQuery, { url: '/api/v1/public/subjects?q=%E5%8D%97%E5%AE%81&page=2&pageSize=50' })).toBeUndefined();
    expect(await run(limitQuery, { url: '/health' })).toBeUndefined();
    expect(await run(limitQuery, { url: `/x?q=${'a'.repeat(QUERY_PARAM_MAX_LENGTH)}` })).toBeUndefined();
  });

  it('refuses an over-long value with 400 naming the parameter and the limit', async () => {
    const error = await run(limitQuery, { url: `/x?page=1&q=${'a'.repeat(QUERY_PARAM_MAX_LENGTH + 1)}` });
    expect(error?.problem).toMatchObject({ status: 400, errors: [{ field: 'q' }] });
    expect(error?.problem.detail).toBe(`The query parameter q must be at most ${QUERY_PARAM_MAX_LENGTH} characters long.`);
  });

  it('measures decoded characters: 300 Chinese characters are 300, not 2700', async () => {
    expect(await run(limitQuery, { url: `/x?q=${encodeURIComponent('南'.repeat(300))}` })).toBeUndefined();
  });

  it('does not repeat a parameter name that is not a plain identifier', async () => {
    const name = `<${'n'.repeat(3000)}>`;
    const error = await run(limitQuery, { url: `/x?${name}=1` });
    expect(error?.problem.status).toBe(400);
    expect(error?.problem.detail).toBe(`A query parameter is longer than ${QUERY_PARAM_MAX_LENGTH} characters.`);
  });

  it('refuses an absurd number of parameters', async () => {
    expect(await run(limitQuery, { url: `/x?${Array.from({ length: QUERY_MAX_PARAMS }, (_, i) => `p${i}=1`).join('&')}` })).toBeUndefined();
    const error = await run(limitQuery, { url: `/x?${Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join('&')}` });
    expect(error?.problem).toMatchObject({ status: 400, type: 'urn:credit:problem:malformed-request' });
    expect(error?.problem.detail).toContain(`at most ${QUERY_MAX_PARAMS}`);
  });
});

describe('JSON bodies only', () => {
  it.each([
    ['application/json', undefined],
    ['application/json; charset=utf-8', undefined],
    ['Application/JSON', undefined],
    ['application/x-www-form-urlencoded', 415],
    ['text/plain', 415],
    ['multipart/form-data; boundary=x', 415],
    [undefined, 415],
  ])('a body of type %s → %s', async (type, status) => {
    const error = await run(requireJsonBody, { headers: { 'content-length': '12', ...(type ? { 'content-type': type } : {}) } });
    expect(error?.problem.status).toBe(status);
    if (status) expect(error?.problem.type).toBe('urn:credit:problem:unsupported-media-type');
  });

  it('does not mind the type of a request without a body', async () => {
    expect(await run(requireJsonBody, { headers: {} })).toBeUndefined();
    expect(await run(requireJsonBody, { headers: { 'content-length': '0', 'content-type': 'text/plain' } })).toBeUndefined();
    expect((await run(requireJsonBody, { headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' } }))?.problem.status).toBe(415);
  });
});
