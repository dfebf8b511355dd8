/**
 * Cache-friendly public answers: an `ETag` (a hash of the content) and a `Last-Modified` (the latest
 * record the answer reflects, or the start of today in Asia/Shanghai when later, because what is in
 * publicity changes at midnight without any new record), revalidated by the client on every use
 * (`Cache-Control: no-cache`). The preconditions are evaluated as RFC 9110 §13.2.2 says:
 * `If-None-Match` when present (weak comparison), else `If-Modified-Since`; a match is answered 304
 * by Express (res.send turns the answer into an empty 304 when req.fresh holds).
 */
import { createHash } from 'node:crypto';
import { todayInShanghai } from '@credit/domain-kernel';

type Headers = Record<string, string | string[] | undefined>;

export interface CacheableRequest {
  readonly fresh: boolean;
  headers: Headers;
}

export interface CacheableResponse {
  setHeader(name: string, value: string): unknown;
}

/** A strong ETag over a JSON body (the services build their answers in a fixed order). */
export const etagOf = (body: unknown): string => createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);

/** The later of the latest record and the start of today (Asia/Shanghai). */
export function lastModifiedOf(latestRecord: Date | null, now = new Date()): Date {
  const startOfToday = new Date(`${todayInShanghai(now)}T00:00:00+08:00`);
  return latestRecord && latestRecord > startOfToday ? latestRecord : startOfToday;
}

/**
 * Puts the validators on the response; true when the client's copy is current (the caller then
 * answers with any body: Express turns it into an empty 304).
 */
export function conditionalGet(req: CacheableRequest, res: CacheableResponse, etag: string, lastModified: Date): boolean {
  res.setHeader('ETag', `"${etag}"`);
  res.setHeader('Last-Modified', lastModified.toUTCString());
  res.setHeader('Cache-Control', 'no-cache');
  if (!notModified(req.headers, `"${etag}"`, lastModified)) return false;
  // Express's own check (req.fresh) also refuses when the request says `Cache-Control: no-cache`, as
  // fetch() adds to every request carrying a validator: a cache's concern, not the origin's (RFC 9111
  // §5.2.1.4: no-cache asks for validation, which a conditional request to the origin is).
  delete req.headers['cache-control'];
  delete req.headers.pragma;
  return req.fresh;
}

/** RFC 9110 §13.2.2: If-None-Match (weak comparison, `*`) decides when present; else If-Modified-Since (second precision). */
export function notModified(headers: Headers, etag: string, lastModified: Date): boolean {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const noneMatch = header('if-none-match');
  if (noneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return noneMatch.trim() === '*' || noneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  const modifiedSince = header('if-modified-since');
  if (modifiedSince === undefined) return false;
  const since = Date.parse(modifiedSince);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
