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
  return (req, res, next) => {
    // Express matches routes case-insensitively, so /API/DOCS serves the same page.
    const path = (req.url ?? '').toLowerCase();
    (path.startsWith(DOCS_PATH) ? docs : api)(req, res, next);
  };
}
