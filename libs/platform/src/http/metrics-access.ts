import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnauthorizedProblem } from '../errors/problems';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Guards /metrics with a static bearer token (METRICS_TOKEN), the credential Prometheus scrapers
 * support. The comparison runs on digests in constant time, so response timing does not reveal how
 * much of a guess was right. Returns undefined when no token is configured: /metrics stays open.
 */
export function metricsAccess(token: string | undefined): ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) | undefined {
  if (!token) return undefined;
  const expected = digest(token);
  return (req, _res, next) => {
    // Express matches routes case-insensitively and ignores a trailing slash: /METRICS/ is /metrics.
    const path = (req.url ?? '').split('?')[0].toLowerCase().replace(/\/+$/, '');
    if (path !== '/metrics') return next();
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (given && timingSafeEqual(digest(given[1]), expected)) return next();
    next(new UnauthorizedProblem('/metrics requires Authorization: Bearer <METRICS_TOKEN>.'));
  };
}
