/**
 * `ops dead-letters list [--service] [--reason]` and `show <service>:<id>`: every consumer's dead
 * letters, from the `dead_letters` table each service keeps beside its dead-letter topic. Read-only.
 */
import { query } from './db';
import type { Topology } from './topology';

export interface DeadLetterRow {
  /** `<service>:<id>`, what `show` takes. */
  ref: string;
  service: string;
  consumerGroup: string;
  reason: string;
  eventType: string | null;
  eventId: string | null;
  subjectKey: string | null;
  source: string;
  attempts: number;
  error: string;
  deadLetteredAt: string;
  /** REDRIVEN or DISCARDED, by whom and when; absent while open. */
  resolution?: { how: string; by: string | null; at: string; note: string | null };
}

export interface DeadLetterDetail extends DeadLetterRow {
  dlqTopic: string;
  stack: string | null;
  /** The record's value as received. */
  payload: string | null;
}

interface Row {
  id: string;
  consumer_group: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  dlq_topic: string;
  event_id: string | null;
  event_type: string | null;
  subject_key: string | null;
  reason: string;
  error_message: string;
  error_stack: string | null;
  attempts: number;
  payload: string | null;
  dead_lettered_at: Date;
  resolution: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

const toRow = (service: string, r: Row): DeadLetterRow => ({
  ref: `${service}:${r.id}`,
  service,
  consumerGroup: r.consumer_group,
  reason: r.reason,
  eventType: r.event_type,
  eventId: r.event_id,
  subjectKey: r.subject_key,
  source: `${r.topic}/${r.kafka_partition}@${r.kafka_offset}`,
  attempts: r.attempts,
  error: r.error_message,
  deadLetteredAt: new Date(r.dead_lettered_at).toISOString(),
  ...(r.resolution !== null && { resolution: { how: r.resolution, by: r.resolved_by, at: new Date(r.resolved_at!).toISOString(), note: r.resolution_note } }),
});

/** Open dead letters (with `all`, the resolved ones too). */
export async function listDeadLetters(topology: Topology, filter: { service?: string; reason?: string; all?: boolean } = {}): Promise<DeadLetterRow[]> {
  const rows: DeadLetterRow[] = [];
  for (const service of topology.services.filter((s) => filter.service === undefined || s.name === filter.service)) {
    const found = await query<Row>(
      service.databaseUrl,
      `SELECT * FROM dead_letters WHERE ($1::text IS NULL OR reason = $1) AND ($2 OR resolution IS NULL) ORDER BY dead_lettered_at, id`,
      [filter.reason ?? null, filter.all === true],
    );
    rows.push(...found.map((r) => toRow(service.name, r)));
  }
  return rows.sort((a, b) => a.deadLetteredAt.localeCompare(b.deadLetteredAt));
}

export async function showDeadLetter(topology: Topology, ref: string): Promise<DeadLetterDetail | undefined> {
  const [name, id] = ref.split(':');
  const service = topology.services.find((s) => s.name === name);
  if (!service || !/^\d+$/.test(id ?? '')) return undefined;
  const [r] = await query<Row>(service.databaseUrl, `SELECT * FROM dead_letters WHERE id = $1`, [id]);
  return r && { ...toRow(service.name, r), dlqTopic: r.dlq_topic, stack: r.error_stack, payload: r.payload };
}

export function formatDeadLetters(rows: DeadLetterRow[]): string {
  if (rows.length === 0) return 'no dead letters';
  return rows
    .map(
      (r) =>
        `${r.ref}  ${r.deadLetteredAt}  ${r.reason}  ${r.eventType ?? '(unreadable)'} ${r.eventId ?? ''}  from ${r.source}  by ${r.consumerGroup}  after ${r.attempts} attempt(s): ${r.error}` +
        (r.resolution ? `  [${r.resolution.how} by ${r.resolution.by} at ${r.resolution.at}${r.resolution.note ? `: ${r.resolution.note}` : ''}]` : ''),
    )
    .join('\n');
}

/** What an operator did with a dead letter, as the owning service answered. */
export interface ResolutionAnswer {
  status: number;
  body: unknown;
}

/**
 * `redrive` / `discard`: through the owning service's ops endpoint, so that the service feeds the
 * record to its own handlers and audits the resolution as an event (who, when, what).
 */
export async function resolveDeadLetter(topology: Topology, ref: string, action: 'redrive' | 'discard', note?: string): Promise<ResolutionAnswer> {
  const [name, id] = ref.split(':');
  const service = topology.services.find((s) => s.name === name);
  if (!service?.url || id === undefined) return { status: 404, body: { detail: `no service ${name} with a URL` } };
  if (!topology.opsToken) throw new Error('no ops token: set OPS_TOKEN, or AUTH_JWT_SECRET to mint one');
  const response = await fetch(`${service.url}/api/v1/ops/dead-letters/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await topology.opsToken()}` },
    body: JSON.stringify(action === 'discard' ? { note } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
