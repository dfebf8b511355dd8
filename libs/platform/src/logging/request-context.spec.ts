import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { loadConfig } from '../config/load-config';
import { createRootLogger } from './logger';
import { runInRequestContext } from './request-context';

/** A request and a response as far as the request context reads and writes them. */
function exchange(correlationId: string): { req: IncomingMessage; res: ServerResponse } {
  const headers: Record<string, string> = {};
  const req = { headers: { 'x-correlation-id': correlationId } } as unknown as IncomingMessage;
  const res = {
    headersSent: false,
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
  } as unknown as ServerResponse;
  return { req, res };
}

describe('the request context of log lines', () => {
  it('gives every line written while a request is served its ids, across awaits, and none outside', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const { platform } = loadConfig(
      { DATABASE_URL: 'postgres://x@h/db', KAFKA_BROKERS: 'k:9092', AUTH_JWT_SECRET: 's'.repeat(32) },
      { serviceName: 'subject-registry', defaultPort: 3001 },
    );
    const logger = createRootLogger(platform, destination);
    const serve = (correlationId: string) =>
      new Promise<void>((resolve) => {
        const { req, res } = exchange(correlationId);
        runInRequestContext(req, res, () => {
          void (async () => {
            logger.info(`${correlationId} before`);
            await new Promise((r) => setImmediate(r));
            logger.info(`${correlationId} after`);
            await Promise.resolve();
            logger.info({ correlationId: 'given' }, `${correlationId} own field`);
            resolve();
          })();
        });
      });
    // Two requests interleaved: neither takes the other's ids.
    await Promise.all([serve('first-1'), serve('second-2')]);
    logger.info('outside');

    const records = lines.map((line) => JSON.parse(line) as { msg: string; correlationId?: string; requestId?: string });
    for (const id of ['first-1', 'second-2']) {
      const [before, after] = [`${id} before`, `${id} after`].map((msg) => records.find((r) => r.msg === msg));
      expect(before).toMatchObject({ correlationId: id, requestId: expect.any(String) });
      expect(after).toMatchObject({ correlationId: id, requestId: before?.requestId });
      expect(records.find((r) => r.msg === `${id} own field`)).toMatchObject({ correlationId: 'given', requestId: before?.requestId });
    }
    expect(records.find((r) => r.msg === 'first-1 before')?.requestId).not.toBe(records.find((r) => r.msg === 'second-2 before')?.requestId);
    const outside = records.find((r) => r.msg === 'outside');
    expect(outside?.correlationId).toBeUndefined();
    expect(outside?.requestId).toBeUndefined();
  });
});
