import { conditionalGet, lastModifiedOf, notModified } from './conditional-get';

describe('conditional GET', () => {
  const modified = new Date('2026-01-05T03:04:05.678Z');

  it('decides by If-None-Match when present (weak comparison, lists, *), else by If-Modified-Since', () => {
    expect(notModified({ 'if-none-match': '"abc"' }, '"abc"', modified)).toBe(true);
    expect(notModified({ 'if-none-match': 'W/"abc"' }, '"abc"', modified)).toBe(true);
    expect(notModified({ 'if-none-match': '"x", "abc"' }, '"abc"', modified)).toBe(true);
    expect(notModified({ 'if-none-match': '*' }, '"abc"', modified)).toBe(true);
    expect(notModified({ 'if-none-match': '"x"', 'if-modified-since': modified.toUTCString() }, '"abc"', modified)).toBe(false);
    expect(notModified({ 'if-modified-since': modified.toUTCString() }, '"abc"', modified)).toBe(true);
    expect(notModified({ 'if-modified-since': new Date(modified.getTime() - 2000).toUTCString() }, '"abc"', modified)).toBe(false);
    expect(notModified({ 'if-modified-since': 'garbage' }, '"abc"', modified)).toBe(false);
    expect(notModified({}, '"abc"', modified)).toBe(false);
  });

  it('puts ETag and Last-Modified on the answer and lets a request with Cache-Control: no-cache revalidate', () => {
    const set: Record<string, string> = {};
    const req = { headers: { 'if-none-match': '"abc"', 'cache-control': 'no-cache' } as Record<string, string>, get fresh() { return this.headers['cache-control'] === undefined; } };
    expect(conditionalGet(req, { setHeader: (n: string, v: string) => (set[n] = v) }, 'abc', modified)).toBe(true);
    expect(set).toEqual({ ETag: '"abc"', 'Last-Modified': modified.toUTCString(), 'Cache-Control': 'no-cache' });
  });

  it('is never earlier than the start of today in Shanghai', () => {
    const now = new Date('2026-01-05T10:00:00+08:00');
    expect(lastModifiedOf(null, now).toISOString()).toBe('2026-01-04T16:00:00.000Z');
    expect(lastModifiedOf(new Date('2025-12-01T00:00:00Z'), now).toISOString()).toBe('2026-01-04T16:00:00.000Z');
    expect(lastModifiedOf(new Date('2026-01-05T09:00:00+08:00'), now).toISOString()).toBe('2026-01-05T01:00:00.000Z');
  });
});
