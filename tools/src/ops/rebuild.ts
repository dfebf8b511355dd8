/**
 * `ops rebuild <service> [<projection>] [--confirm] [--batch-size N] [--max-rate N]`, `ops rebuild <service> --resume <id>`,
 * `ops rebuild <service> --drop-retired <id>`: blue/green rebuilds of a service's read models from
 * its stored events, run by the service (its ops endpoints, audited), followed here with a
 * progress line. Ctrl-C interrupts the rebuild on the service (it keeps its tables and position)
 * and prints the command that resumes it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ResolutionAnswer } from './dead-letters';
import type { Progress } from './progress';
import type { Topology } from './topology';

interface Checksum {
  digest: string;
  tables: Record<string, { rows: number; digest: string }>;
}

/** What the service answers about one rebuild (GET /api/v1/ops/rebuilds/{id}). */
export interface RebuildView {
  id: string;
  projection: string;
  status: 'RUNNING' | 'INTERRUPTED' | 'FAILED' | 'DONE';
  phase: string;
  read: number;
  applied: number;
  total: number | null;
  checksumBefore: Checksum | null;
  checksumLive: Checksum | null;
  checksumRebuilt: Checksum | null;
  identical: boolean | null;
  retiredSchema: string;
  retiredDropped: boolean;
  error: string | null;
  requestedAt: string;
  updatedAt: string;
}

export interface RebuildOutcome {
  service: string;
  rebuilds: RebuildView[];
  /** The operator interrupted; `resume` is the command that continues. */
  interrupted: boolean;
  resume?: string;
  /** A refusal or failure of the service (HTTP status and problem). */
  refused?: ResolutionAnswer;
}

async function call(topology: Topology, serviceName: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ResolutionAnswer> {
  const service = topology.services.find((s) => s.name === serviceName);
  if (!service?.url) return { status: 404, body: { detail: `no service ${serviceName} with a URL` } };
  if (!topology.opsToken) throw new Error('no ops token: set OPS_TOKEN, or AUTH_JWT_SECRET to mint one');
  const response = await fetch(`${service.url}/api/v1/ops/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await topology.opsToken()}` },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export interface RebuildOptions {
  projection?: string;
  /** Drop the old tables once switched. */
  confirm?: boolean;
  batchSize?: number;
  /** At most this many events a second. */
  maxEventsPerSecond?: number;
  resume?: string;
  /** Makes one progress line per projection. */
  progress: (label: string, total: number | undefined) => Progress;
  signal?: AbortSignal;
  pollMs?: number;
}

/** Rebuilds the projections (one, or all the service has) in turn, or resumes one rebuild. */
export async function rebuild(topology: Topology, serviceName: string, options: RebuildOptions): Promise<RebuildOutcome> {
  const outcome: RebuildOutcome = { service: serviceName, rebuilds: [], interrupted: false };
  let names: string[];
  if (options.resume !== undefined) {
    names = [];
  } else if (options.projection !== undefined) {
    names = [options.projection];
  } else {
    const listed = await call(topology, serviceName, 'GET', 'projections');
    if (listed.status !== 200) return { ...outcome, refused: listed };
    names = (listed.body as { projections: { name: string }[] }).projections.map((p) => p.name);
  }
  const started: Array<() => Promise<ResolutionAnswer>> =
    options.resume !== undefined
      ? [() => call(topology, serviceName, 'POST', `rebuilds/${encodeURIComponent(options.resume as string)}/resume`)]
      : names.map(
          (projection) => () =>
            call(topology, serviceName, 'POST', 'rebuilds', {
              projection,
              ...(options.confirm && { dropRetired: true }),
              ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
              ...(options.maxEventsPerSecond !== undefined && { maxEventsPerSecond: options.maxEventsPerSecond }),
            }),
        );
  for (const start of started) {
    const answer = await start();
    if (answer.status !== 202) return { ...outcome, refused: answer };
    const view = await follow(topology, serviceName, answer.body as RebuildView, options);
    outcome.rebuilds.push(view);
    if (view.status === 'INTERRUPTED') {
      return { ...outcome, interrupted: true, resume: `npm run ops -- rebuild ${serviceName} --resume ${view.id}` };
    }
    if (view.status !== 'DONE') return outcome;
  }
  return outcome;
}

async function follow(topology: Topology, serviceName: string, first: RebuildView, options: RebuildOptions): Promise<RebuildView> {
  const progress = options.progress(`rebuild ${serviceName} ${first.projection}`, first.total ?? undefined);
  let view = first;
  let cancelled = false;
  for (;;) {
    progress.update(view.read, view.total ?? undefined);
    if (view.status !== 'RUNNING') break;
    if (options.signal?.aborted && !cancelled) {
      cancelled = true;
      const answer = await call(topology, serviceName, 'POST', `rebuilds/${view.id}/cancel`);
      if (answer.status === 200) view = answer.body as RebuildView;
      continue;
    }
    await delay(options.pollMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    const answer = await call(topology, serviceName, 'GET', `rebuilds/${view.id}`);
    if (answer.status !== 200) throw new Error(`${serviceName}: GET rebuild ${view.id}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    view = answer.body as RebuildView;
  }
  if (view.status === 'DONE') progress.finish();
  else progress.fail(`${view.status.toLowerCase()} in ${view.phase.toLowerCase()}${view.error ? `: ${view.error}` : ''}`);
  return view;
}

/** Drops the old tables a switched rebuild kept. */
export function dropRetired(topology: Topology, serviceName: string, id: string): Promise<ResolutionAnswer> {
  return call(topology, serviceName, 'POST', `rebuilds/${encodeURIComponent(id)}/drop-retired`);
}

export function formatRebuild(outcome: RebuildOutcome): string {
  if (outcome.refused) return `${outcome.service}: HTTP ${outcome.refused.status} ${JSON.stringify(outcome.refused.body)}`;
  if (outcome.rebuilds.length === 0) {
    return `${outcome.service}: no projection to rebuild from its own stored events (read models fed by other services' events are recovered with ops replay)`;
  }
  const lines = outcome.rebuilds.map((r) => {
    const seconds = Math.max(0.001, (Date.parse(r.updatedAt) - Date.parse(r.requestedAt)) / 1000);
    const head = `${outcome.service} ${r.projection}: ${r.status} (${r.phase.toLowerCase()}), ${r.read} events read, ${r.applied} applied, ${Math.round(r.read / seconds)}/s`;
    if (r.status !== 'DONE') return `${head}${r.error ? `\n  error: ${r.error}` : ''}`;
    const tables = Object.entries(r.checksumRebuilt?.tables ?? {})
      .map(([name, t]) => `  ${name.padEnd(24)} ${String(t.rows).padStart(8)} rows  live ${r.checksumLive?.tables[name]?.digest}  rebuilt ${t.digest}`)
      .join('\n');
    const verdict = r.identical ? 'identical: the projection is deterministic' : 'DIFFERENT: the rebuilt tables differ from the live ones (now live; the old ones are kept)';
    const retired = r.retiredDropped
      ? 'old tables dropped'
      : `old tables kept in schema ${r.retiredSchema}; drop them with: npm run ops -- rebuild ${outcome.service} --drop-retired ${r.id}`;
    return `${head}\n  checksum live ${r.checksumLive?.digest}  rebuilt ${r.checksumRebuilt?.digest}: ${verdict}\n${tables}\n  ${retired}`;
  });
  if (outcome.interrupted) lines.push(`interrupted; the rebuild keeps its tables and position. Resume it with: ${outcome.resume}`);
  return lines.join('\n');
}
