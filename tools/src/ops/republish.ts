/**
 * `ops republish <service> --from <position> [--to] [--stream] [--no-wait]`: stored events back to
 * Kafka with their own ids (consumers' inboxes drop what they already applied), after a lost topic
 * or for a new consumer. Through the service's ops endpoint, which audits it as an event and puts
 * the range back in its outbox; then (unless --no-wait) the command follows the service's relay,
 * polling the outbox rows of that range until they are all published.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { query } from './db';
import type { ResolutionAnswer } from './dead-letters';
import type { Progress } from './progress';
import type { Topology } from './topology';

export async function republish(topology: Topology, serviceName: string, range: { from: string; to?: string; stream?: string }): Promise<ResolutionAnswer> {
  const service = topology.services.find((s) => s.name === serviceName);
  if (!service?.url) return { status: 404, body: { detail: `no service ${serviceName} with a URL` } };
  if (!topology.opsToken) throw new Error('no ops token: set OPS_TOKEN, or AUTH_JWT_SECRET to mint one');
  const response = await fetch(`${service.url}/api/v1/ops/republish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await topology.opsToken()}` },
    body: JSON.stringify({
      fromPosition: Number(range.from),
      ...(range.to !== undefined && { toPosition: Number(range.to) }),
      ...(range.stream !== undefined && { stream: range.stream }),
    }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** What the service answers when it has put a range back in its outbox (ops.events-republished). */
export interface RepublishAccepted {
  service: string;
  fromPosition: string;
  toPosition: string;
  stream?: string;
  /** Events put back in the outbox. */
  count: number;
}

/** How far the relay got while the command waited. */
export interface RelayFollowed {
  /** Of the `count` re-published events, how many have left the outbox (published). */
  published: number;
  /** Outbox rows of the range still unpublished when the wait ended (0 when drained). */
  remaining: number;
  /** Every event of the range published. */
  drained: boolean;
  /** The operator stopped waiting (Ctrl-C); the relay goes on publishing the rest. */
  interrupted: boolean;
  waitedMs: number;
  /** The outbox could not be read (the republish itself was accepted). */
  error?: string;
}

/** Outbox rows (unpublished events) of a re-published range, on the service's database. */
export async function republishBacklog(topology: Topology, range: RepublishAccepted): Promise<number> {
  const service = topology.services.find((s) => s.name === range.service);
  if (!service) throw new Error(`no service ${range.service}`);
  const [row] = await query<{ n: number }>(
    service.databaseUrl,
    `SELECT count(*)::int AS n FROM outbox o JOIN events e ON e.global_position = o.global_position
      WHERE o.global_position BETWEEN $1 AND $2 AND ($3::text IS NULL OR e.stream_id = $3)`,
    [range.fromPosition, range.toPosition, range.stream ?? null],
  );
  return row.n;
}

export interface FollowOptions {
  /** Shows `published X/N`; ended (finish or fail) when the wait ends. */
  progress: Progress;
  /** Aborted: stop waiting (Ctrl-C). */
  signal?: AbortSignal;
  pollMs?: number;
  /** No change for this long: a hint that the service's relay may not be running (once). */
  stallMs?: number;
  /** Consecutive failed reads of the outbox before giving up. */
  maxErrors?: number;
  /** The range's outbox rows; republishBacklog on the service's database by default. */
  backlog?: () => Promise<number>;
  now?: () => number;
  /** Waits `ms`, or less when `signal` is aborted; never rejects. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const sleepUnlessAborted = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined);

/**
 * Follows the service's relay after a republish: polls the range's outbox rows until none is left,
 * the signal is aborted, or the outbox cannot be read `maxErrors` times in a row.
 */
export async function followRepublished(topology: Topology, accepted: RepublishAccepted, options: FollowOptions): Promise<RelayFollowed> {
  const { progress, signal, pollMs = 1_000, stallMs = 30_000, maxErrors = 3, now = Date.now, sleep = sleepUnlessAborted } = options;
  const backlog = options.backlog ?? (() => republishBacklog(topology, accepted));
  const total = accepted.count;
  const startedAt = now();
  let remaining = total;
  let published = 0;
  let errors = 0;
  let changedAt = startedAt;
  let hinted = false;
  const result = (extra: Partial<RelayFollowed> = {}): RelayFollowed => ({ published, remaining, drained: false, interrupted: false, waitedMs: now() - startedAt, ...extra });

  for (;;) {
    if (signal?.aborted) {
      progress.finish();
      return result({ interrupted: true });
    }
    try {
      remaining = await backlog();
      errors = 0;
    } catch (error) {
      errors += 1;
      const message = (error as Error).message;
      if (errors >= maxErrors) {
        progress.fail(`cannot read ${accepted.service}'s outbox: ${message}`);
        return result({ error: message });
      }
      progress.log(`cannot read ${accepted.service}'s outbox (${message}); trying again`);
      await sleep(pollMs, signal);
      continue;
    }
    // Rows of the range that were unpublished before the republish count as remaining too.
    const nowPublished = Math.min(total, Math.max(0, total - remaining));
    if (nowPublished !== published) changedAt = now();
    published = nowPublished;
    progress.update(published, total);
    if (remaining === 0) {
      progress.finish();
      return result({ drained: true });
    }
    if (!hinted && now() - changedAt >= stallMs) {
      hinted = true;
      progress.log(`nothing published for ${Math.round(stallMs / 1000)}s: is ${accepted.service}'s outbox relay running? (npm run ops -- status shows its backlog)`);
    }
    await sleep(pollMs, signal);
  }
}
