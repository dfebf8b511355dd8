import type { IncomingMessage, ServerResponse } from 'node:http';
import { middlewareChain, type Middleware } from './middleware-chain';

const req = {} as IncomingMessage;
const res = {} as ServerResponse;

/** Runs a chain and resolves with what it handed on (undefined = went on). */
function run(chain: Middleware): Promise<unknown> {
  return new Promise((resolve) => chain(req, res, resolve));
}

describe('middlewareChain', () => {
  it('runs the middlewares in order, synchronous and asynchronous, skipping undefined ones', async () => {
    const seen: string[] = [];
    const chain = middlewareChain([
      (_req, _res, next) => (seen.push('a'), next()),
      undefined,
      (_req, _res, next) => void setImmediate(() => (seen.push('b'), next())),
      (_req, _res, next) => (seen.push('c'), next()),
    ]);
    expect(await run(chain)).toBeUndefined();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('hands on the first error, mapped, and runs nothing after it', async () => {
    const seen: string[] = [];
    const chain = middlewareChain(
      [
        (_req, _res, next) => (seen.push('a'), next(new Error('refused'))),
        (_req, _res, next) => (seen.push('b'), next()),
      ],
      (error) => new Error(`mapped ${(error as Error).message}`),
    );
    expect(((await run(chain)) as Error).message).toBe('mapped refused');
    expect(seen).toEqual(['a']);
  });

  it('turns a synchronous throw into the error handed on', async () => {
    const chain = middlewareChain([
      () => {
        throw new Error('thrown');
      },
      (_req, _res, next) => next(),
    ]);
    expect(((await run(chain)) as Error).message).toBe('thrown');
  });
});
