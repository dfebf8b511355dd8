import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Connect/Express middleware: calls `next()` to go on, `next(error)` to refuse. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The middlewares as one Express layer, run in order with Express's semantics: `next()` goes on to
 * the next one, `next(error)` (or a synchronous throw) skips the rest and hands the error, passed
 * through `mapError` when given, to Express's error handling. Express tries every mounted layer of
 * every request against the path and allocates a match and a callback per layer; the platform's
 * per-request middlewares, mounted as one, cost one.
 */
export function middlewareChain(middlewares: (Middleware | undefined)[], mapError?: (error: unknown) => unknown): Middleware {
  const steps = middlewares.filter((m): m is Middleware => m !== undefined);
  return (req, res, done) => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error) {
        index = steps.length;
        done(mapError ? mapError(error) : error);
        return;
      }
      if (index >= steps.length) {
        done();
        return;
      }
      const step = steps[index++];
      try {
        step(req, res, next);
      } catch (thrown) {
        next(thrown ?? new Error('a middleware threw a nullish value'));
      }
    };
    next();
  };
}
