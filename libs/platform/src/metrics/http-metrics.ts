import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, register, type Metric } from 'prom-client';

/** A metric registered once per process, however many applications (tests) the process builds. */
function singleton<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Process metrics (CPU, memory, event-loop lag, GC) on the default register, once per process. */
export function ensureDefaultMetrics(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ register });
}

const httpRequests = () =>
  singleton(
    'credit_http_requests_total',
    () =>
      new Counter({
        name: 'credit_http_requests_total',
        help: 'HTTP requests answered, by method, route template and status code',
        labelNames: ['method', 'route', 'status'] as const,
      }),
  );

const httpDuration = () =>
  singleton(
    'credit_http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'credit_http_request_duration_seconds',
        help: 'HTTP request duration in seconds, by method, route template and status code',
        labelNames: ['method', 'route', 'status'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
  );

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * The route template (`/api/v1/subjects/:code`), never the concrete URL: a label per subject code
 * would explode the series count and put ID numbers into the metrics.
 */
function routeLabel(req: RoutedRequest): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * Counts and times every response, including the ones refused before routing (bad body, unknown
 * route), which an interceptor would never see.
 */
export function createHttpMetricsMiddleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  ensureDefaultMetrics();
  const requests = httpRequests();
  const duration = httpDuration();
  return (req, res, next) => {
    const stopTimer = duration.startTimer();
    res.once('finish', () => {
      const labels = { method: req.method ?? 'UNKNOWN', route: routeLabel(req as RoutedRequest), status: String(res.statusCode) };
      requests.inc(labels);
      stopTimer(labels);
    });
    next();
  };
}
