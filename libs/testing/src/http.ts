import { Client } from 'pg';

export interface JsonResponse {
  status: number;
  contentType: string;
  /** The parsed JSON body; undefined for an empty body. */
  body: any;
  /** The raw body, for asserting that something does NOT appear in it. */
  text: string;
}

export type ApiCall = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<JsonResponse>;

/**
 * Calls a service's REST API the way a department system does (JSON in, JSON or problem+json out).
 * `baseUrl` is read at each call, so a test can create the caller before its service has started.
 */
export function apiCaller(baseUrl: () => string): ApiCall {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined, text };
  };
}

/** Headers of a request made with a Bearer token. */
export const bearer = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

/** One query on a database of a service under test (to assert what it stored), on its own connection. */
export async function queryDatabase<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
