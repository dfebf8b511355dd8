/**
 * `ops trace <correlationId|repairApplicationId|recordId>`: the causal chain across every service in
 * time order — each event appended (service, stream, type, version), each consumer group that
 * handled it and how long after, and the consumers that should have and have not. Read-only.
 *
 * "Should have": a group that has handled events of that type before (its inbox says so) and has
 * not handled this one is named as the missing hop, with how long the event has been waiting.
 */
import { query } from './db';
import type { Topology } from './topology';

export interface TracedEvent {
  service: string;
  eventId: string;
  stream: string;
  type: string;
  version: number;
  recordedAt: string;
  correlationId: string;
  handledBy: { service: string; group: string; at: string; afterMs: number }[];
  missing: { service: string; group: string; waitingMs: number }[];
}

export interface Trace {
  id: string;
  events: TracedEvent[];
  /** One line per hop not taken: "joint-punishment has not handled credit-repair.repair-approved 3 s after it was published". */
  missing: string[];
}

interface EventRow {
  event_id: string;
  stream_id: string;
  type: string;
  version: number;
  recorded_at: Date;
  correlation_id: string;
}

export async function trace(topology: Topology, id: string, now = new Date()): Promise<Trace> {
  // The id as a correlation id, as (part of) a stream, or named in an event's data; then everything
  // under the correlation ids found, so that a record id leads to the whole repair it took part in.
  const correlationIds = new Set<string>([id]);
  for (const service of topology.services) {
    const rows = await query<{ correlation_id: string }>(
      service.databaseUrl,
      `SELECT DISTINCT correlation_id FROM events WHERE correlation_id = $1 OR stream_id LIKE '%' || $1 OR data::text LIKE '%"' || $1 || '"%'`,
      [id],
    );
    for (const r of rows) correlationIds.add(r.correlation_id);
  }
  const events: TracedEvent[] = [];
  for (const service of topology.services) {
    const rows = await query<EventRow>(
      service.databaseUrl,
      `SELECT event_id::text, stream_id, type, version, recorded_at, correlation_id FROM events WHERE correlation_id = ANY($1) ORDER BY global_position`,
      [[...correlationIds]],
    );
    events.push(
      ...rows.map((r) => ({
        service: service.name,
        eventId: r.event_id,
        stream: r.stream_id,
        type: r.type,
        version: r.version,
        recordedAt: new Date(r.recorded_at).toISOString(),
        correlationId: r.correlation_id,
        handledBy: [],
        missing: [],
      })),
    );
  }
  const ids = events.map((e) => e.eventId);
  const byId = new Map(events.map((e) => [e.eventId, e]));
  for (const service of topology.services.filter((s) => s.consumerGroup !== undefined)) {
    const handled = await query<{ event_id: string; processed_at: Date }>(
      service.databaseUrl,
      `SELECT event_id::text, processed_at FROM inbox WHERE consumer_group = $1 AND event_id::text = ANY($2)`,
      [service.consumerGroup, ids],
    );
    const seen = new Set<string>();
    for (const h of handled) {
      const event = byId.get(h.event_id)!;
      seen.add(h.event_id);
      const at = new Date(h.processed_at);
      event.handledBy.push({ service: service.name, group: service.consumerGroup!, at: at.toISOString(), afterMs: at.getTime() - Date.parse(event.recordedAt) });
    }
    const types = [...new Set(events.filter((e) => !seen.has(e.eventId) && e.service !== service.name).map((e) => e.type))];
    if (types.length === 0) continue;
    const usual = new Set(
      (await query<{ event_type: string }>(service.databaseUrl, `SELECT DISTINCT event_type FROM inbox WHERE consumer_group = $1 AND event_type = ANY($2)`, [service.consumerGroup, types])).map(
        (r) => r.event_type,
      ),
    );
    for (const event of events) {
      if (seen.has(event.eventId) || event.service === service.name || !usual.has(event.type)) continue;
      event.missing.push({ service: service.name, group: service.consumerGroup!, waitingMs: now.getTime() - Date.parse(event.recordedAt) });
    }
  }
  events.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.service.localeCompare(b.service));
  for (const event of events) event.handledBy.sort((a, b) => a.at.localeCompare(b.at));
  const missing = events.flatMap((e) =>
    e.missing.map((m) => `${m.service} has not handled ${e.type} (${e.eventId}) ${Math.round(m.waitingMs / 1000)} s after it was published`),
  );
  return { id, events, missing };
}

export function formatTrace(t: Trace): string {
  if (t.events.length === 0) return `nothing under ${t.id}`;
  const start = Date.parse(t.events[0].recordedAt);
  const lines = [`trace of ${t.id}: ${t.events.length} event(s)`];
  for (const e of t.events) {
    lines.push(`+${((Date.parse(e.recordedAt) - start) / 1000).toFixed(3)}s  ${e.service}  ${e.stream}  ${e.type} v${e.version}  (${e.eventId})`);
    for (const h of e.handledBy) lines.push(`           handled by ${h.service} after ${h.afterMs} ms`);
    for (const m of e.missing) lines.push(`           MISSING: ${m.service} has not handled it ${Math.round(m.waitingMs / 1000)} s after it was published`);
  }
  return lines.join('\n');
}
