import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where Swagger UI and the OpenAPI document are served (when HTTP_DOCS_ENABLED). */
export const DOCS_PATH = '/api/docs';

/**
 * Security headers on every response (helmet). API answers are JSON, which a browser never needs
 * to run or embed: their Content-Security-Policy allows nothing (`default-src 'none'`) and no page
 * may frame them. Swagger UI is an HTML page with its own scripts and styles, so its pages get
 * helmet's default policy, which allows the page's own files (and inline styles), minus
 * `upgrade-insecure-requests`: the local stack serves plain HTTP, where that directive would send
 * the page's requests to an https:// that does not answer.
 */
export function securityHeaders(): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    xFrameOptions: { action: 'deny' },
  });
  const docs = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  const apiHeaders = fixedHeadersOf(api);
  return (req, res, next) => {
    // Express matches routes case-insensitively, so /API/DOCS serves the same page.
    if (startsWithIgnoringCase(req.url ?? '', DOCS_PATH)) {
      docs(req, res, next);
      return;
    }
    if (apiHeaders === undefined) {
      api(req, res, next);
      return;
    }
    // The same headers helmet sets, without its eleven middlewares per request.
    for (const [name, value] of apiHeaders.set) res.setHeader(name, value);
    for (const name of apiHeaders.removed) res.removeHeader(name);
    next();
  };
}

type Helmet = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * What a helmet middleware does to every response, when that is fixed: it is run once against a
 * recording response; if it reads anything of the request or the response, or does anything but
 * set and remove headers and go on, undefined (helmet then runs on every request).
 */
export function fixedHeadersOf(middleware: Helmet): { set: [string, string | string[]][]; removed: string[] } | undefined {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  let passed = false;
  const refuse = (): never => {
    throw new Error('not a fixed set of headers');
  };
  const request = new Proxy({}, { get: refuse, has: refuse }) as IncomingMessage;
  const recorder = new Proxy(
    {
      setHeader: (name: string, value: string | string[]) => void set.push([name, value]),
      removeHeader: (name: string) => void removed.push(name),
    },
    { get: (target, key) => (key === 'setHeader' || key === 'removeHeader' ? target[key] : refuse()) },
  ) as unknown as ServerResponse;
  try {
    middleware(request, recorder, (error?: unknown) => {
      passed = error === undefined;
    });
  } catch {
    return undefined;
  }
  return passed ? { set, removed } : undefined;
}

function startsWithIgnoringCase(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix;
}
