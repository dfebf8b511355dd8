/**
 * `ops replay <service> --from <offset|timestamp> [--to ...] [--topic T] [--dry-run]`: a range of
 * the topics a service consumes read again through that service's handlers, in a fresh consumer
 * group (never the live one) and through the same inbox, so that what was skipped (offsets committed
 * past records never applied) is applied once and what was applied is a duplicate. Through the
 * service's ops endpoint (`POST /api/v1/ops/replays`, role ops), which runs it and audits it as
 * `ops.events-replayed`; this follows its progress until it ends. Ctrl-C cancels it on the service
 * and prints the command that resumes it (from each partition's next offset).
 */
import { formatPartitionOffsets, parseReplayPosition, REPLAY_POSITION_HINT, type ReplayRun } from '@credit/messaging';
import { createProgress, onInterrupt, type InterruptOptions } from './progress';
import type { Topology } from './topology';

export interface ReplayRequest {
  from: string;
  to?: string;
  topic?: string;
  dryRun?: boolean;
}

export interface ReplayPartition {
  topic: string;
  partition: number;
  from: string;
  to: string;
  next: string;
}

export interface TableChange {
  inserted: number;
  updated: number;
  deleted: number;
}

/** A replay as the service reports it (`GET /api/v1/ops/replays/{id}`). */
export interface ReplayState extends ReplayRun {
  total: number;
  processed: number;
  outcomes: Record<'applied' | 'duplicate' | 'ignored' | 'invalid' | 'parked' | 'failed', number>;
  byType: Record<string, number>;
  tableChanges: Record<string, TableChange>;
  problems: { position: string; outcome: string; type?: string; eventId?: string; reason?: string; error?: string; deadLetterId?: string }[];
  problemsNotListed: number;
  partitions: ReplayPartition[];
}

export interface ReplayIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Where Ctrl-C is listened for (tests pass an EventEmitter; the process by default). */
  interruptTarget?: InterruptOptions['target'];
  /** Between two progress reads (default 500 ms). */
  pollIntervalMs?: number;
}

/** The command that replays what a cancelled (or failed) replay left: each partition from its next offset to its end. */
export function resumeArgv(state: Pick<ReplayState, 'service' | 'partitions' | 'dryRun'>): string[] | undefined {
  const left = state.partitions.filter((p) => BigInt(p.next) < BigInt(p.to));
  if (left.length === 0) return undefined;
  return [
    'replay',
    state.service,
    '--from',
    formatPartitionOffsets(left.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.next }))),
    '--to',
    formatPartitionOffsets(left.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.to }))),
    ...(state.dryRun ? ['--dry-run'] : []),
  ];
}

export const commandLine = (argv: string[]): string => `npm run ops -- ${argv.map((a) => (/^[A-Za-z0-9._/:,=+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')}`;

const changeText = (c: TableChange): string =>
  [c.inserted && `+${c.inserted}`, c.updated && `~${c.updated}`, c.deleted && `-${c.deleted}`].filter(Boolean).join(' ') || '0';

/** The human summary of a replay that has ended. */
export function formatReplay(state: ReplayState): string {
  const o = state.outcomes;
  const would = state.dryRun ? 'would apply' : 'applied';
  const lines = [
    `${state.service}: replay ${state.replayId} ${state.status}${state.dryRun ? ' (dry run: every transaction rolled back, nothing committed)' : ''}`,
    `  group ${state.replayGroup} (deleted), for ${state.consumerGroup}`,
  ];
  const ranges = state.partitions.filter((p) => p.from !== p.to);
  const shown = ranges.slice(0, 8).map((p) => `${p.topic}/${p.partition} [${p.from}, ${p.to})${p.next !== p.to ? ` next ${p.next}` : ''}`);
  lines.push(`  range ${shown.join(', ')}${ranges.length > shown.length ? `, and ${ranges.length - shown.length} more partition(s)` : ''}`);
  lines.push(`  ${state.processed}/${state.total} record(s): ${o.applied} ${would}, ${o.duplicate} duplicate, ${o.ignored} ignored, ${o.invalid} invalid, ${o.parked} parked, ${o.failed} failed`);
  const types = Object.entries(state.byType).sort(([a], [b]) => a.localeCompare(b));
  if (types.length > 0) lines.push(`  by type: ${types.map(([type, n]) => `${type} ${n}`).join(', ')}`);
  const tables = Object.entries(state.tableChanges).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`  rows ${state.dryRun ? 'that would change' : 'changed'}: ${tables.length === 0 ? 'none' : tables.map(([table, change]) => `${table} ${changeText(change)}`).join(', ')}`);
  for (const p of state.problems) {
    const letter = p.deadLetterId !== undefined ? ` (dead letter ${state.service}:${p.deadLetterId})` : p.outcome === 'invalid' ? ' (never dead-lettered by the live group)' : '';
    lines.push(`  ${[p.outcome, p.position, p.type ?? '(no type)', p.eventId, p.reason].filter((part) => part !== undefined).join(' ')}${letter}: ${p.error ?? ''}`);
  }
  if (state.problemsNotListed > 0) lines.push(`  ... and ${state.problemsNotListed} more not listed`);
  if (state.error) lines.push(`  error: ${state.error}`);
  return lines.join('\n');
}

/** The exit code of a replay that has ended: 0 when DONE and nothing failed; 130 when cancelled by Ctrl-C here; else 1. */
export function replayExitCode(state: Pick<ReplayState, 'status' | 'outcomes'>, interrupted: boolean): number {
  if (state.status === 'DONE') return state.outcomes.failed === 0 ? 0 : 1;
  if (state.status === 'CANCELLED' && interrupted) return 130;
  return 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the command: 2 for a bad `--from` / `--to` (checked here, before anything is asked) or a
 * request the service refuses as invalid (400); 1 for another refusal (404, 409 a replay already
 * running, 422 an empty range); then as {@link replayExitCode}.
 */
export async function runReplay(topology: Topology, serviceName: string, request: ReplayRequest, io: ReplayIo, json = false): Promise<number> {
  for (const [option, value] of [['--from', request.from], ['--to', request.to]] as const) {
    if (value !== undefined && parseReplayPosition(value) === undefined) {
      io.stderr.write(`${option} ${JSON.stringify(value)}: must be ${REPLAY_POSITION_HINT}\n`);
      return 2;
    }
  }
  const service = topology.services.find((s) => s.name === serviceName);
  if (!service?.url) {
    io.stderr.write(`no service ${serviceName} with a URL (services: ${topology.services.map((s) => s.name).join(', ')})\n`);
    return 2;
  }
  if (!topology.opsToken) throw new Error('no ops token: set OPS_TOKEN, or AUTH_JWT_SECRET to mint one');
  const base = `${service.url}/api/v1/ops/replays`;
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await topology.opsToken!()}` },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const started = await call('POST', base, {
    from: request.from,
    ...(request.to !== undefined && { to: request.to }),
    ...(request.topic !== undefined && { topic: request.topic }),
    ...(request.dryRun && { dryRun: true }),
  });
  if (started.status !== 202) {
    if (json) io.stdout.write(`${JSON.stringify(started, null, 2)}\n`);
    else io.stderr.write(`${serviceName}: HTTP ${started.status} ${started.body?.detail ?? JSON.stringify(started.body)}\n`);
    return started.status === 400 ? 2 : 1;
  }
  let state = started.body as ReplayState;
  const progress = createProgress({ silent: json, label: `replay ${serviceName}${state.dryRun ? ' (dry run)' : ''}`, total: state.total, unit: 'records', stream: io.stderr, plainIntervalMs: 1000 });
  const replayed = [...new Set(state.partitions.filter((p) => p.from !== p.to).map((p) => p.topic))];
  if (!json) io.stderr.write(`replay ${state.replayId} of ${replayed.join(', ')} in group ${state.replayGroup}: ${state.total} record(s) (Ctrl-C cancels it and prints how to resume)\n`);

  let interrupted = false;
  let cancelling: Promise<unknown> | undefined;
  const uninstall = onInterrupt(
    () => {
      interrupted = true;
      cancelling = call('POST', `${base}/${state.replayId}/cancel`).catch(() => undefined);
      return cancelling.then(() => undefined);
    },
    { target: io.interruptTarget, stream: io.stderr },
  );
  let readFailures = 0;
  try {
    while (state.status === 'RUNNING') {
      await sleep(io.pollIntervalMs ?? 500);
      if (cancelling) await cancelling;
      try {
        const read = await call('GET', `${base}/${state.replayId}`);
        if (read.status !== 200) throw new Error(`HTTP ${read.status} ${JSON.stringify(read.body)}`);
        state = read.body as ReplayState;
        readFailures = 0;
      } catch (error) {
        // The service may be restarting: its replay then ends FAILED or CANCELLED, which the next read shows.
        if (++readFailures >= 20) throw error;
        continue;
      }
      progress.update(state.processed, state.total);
    }
  } finally {
    uninstall();
  }
  if (state.status === 'DONE') progress.finish();
  else progress.fail(state.status === 'CANCELLED' ? 'cancelled' : (state.error ?? 'failed'));

  const resume = state.status === 'DONE' ? undefined : resumeArgv(state);
  if (json) {
    io.stdout.write(`${JSON.stringify({ ...state, ...(resume && { resume: { command: commandLine(resume), argv: resume } }) }, null, 2)}\n`);
  } else {
    io.stdout.write(`${formatReplay(state)}\n`);
    if (resume) io.stdout.write(`resume with: ${commandLine(resume)}\n`);
  }
  return replayExitCode(state, interrupted);
}
