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

/** A counter and a histogram bound to one label set (method, route, status), looked up once. */
interface BoundSeries {
  requests: { inc(): void };
  duration: { observe(value: number): void };
}

/** Label sets seen before this many are bound and kept; beyond it (never in practice) each response binds afresh. */
const MAX_BOUND_SERIES = 2000;

/**
 * Counts and times every response, including the ones refused before routing (bad body, unknown
 * route), which an interceptor would never see: told of each completed response by the request
 * logger (`ResponseObserver`), aborted ones left out. The series of a method, route template and
 * status are bound on first use and reused (no label hashing per response).
 */
export function createHttpMetricsObserver(): (req: IncomingMessage, res: ServerResponse, startedNs: bigint, finished: boolean) => void {
  ensureDefaultMetrics();
  const requests = httpRequests();
  const duration = httpDuration();
  const bound = new Map<string, BoundSeries>();
  const seriesOf = (method: string, route: string, status: number): BoundSeries => {
    const key = `${method} ${status} ${route}`;
    let series = bound.get(key);
    if (series === undefined) {
      const labels = [method, route, String(status)];
      series = { requests: requests.labels(...labels), duration: duration.labels(...labels) };
      if (bound.size < MAX_BOUND_SERIES) bound.set(key, series);
    }
    return series;
  };
  return (req, res, startedNs, finished) => {
    if (!finished) return;
    const series = seriesOf(req.method ?? 'UNKNOWN', routeLabel(req as RoutedRequest), res.statusCode);
    series.requests.inc();
    series.duration.observe(Number(process.hrtime.bigint() - startedNs) / 1e9);
  };
}
