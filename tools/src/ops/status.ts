/**
 * `ops status`: one screen per service — consumer lag per topic, relay backlog, dead letters and
 * parked events by reason, failed deliveries, provisional calendar years, the oldest pending repair
 * effect. Read-only.
 */
import { todayInShanghai } from '@credit/domain-kernel';
import { Kafka, logLevel } from 'kafkajs';
import { hasTable, query } from './db';
import type { ServiceEndpoint, Topology } from './topology';

export interface ServiceStatus {
  service: string;
  /** null when the database does not answer (then the rest is empty). */
  reachable: boolean;
  error?: string;
  /** Committed events the relay has not published yet. */
  relayBacklog: number;
  oldestUnpublishedAt?: string;
  /** Open (unresolved) dead letters by reason. */
  deadLetters: Record<string, number>;
  parked: Record<string, number>;
  consumerLag: Record<string, number>;
  failedDeliveries?: number;
  /** This year and the next without a published working-day schedule. */
  provisionalYears: number[];
  /** The pending repair effect due first. */
  oldestPendingRepairEffect?: { applicationId: string; effect: string; service: string; deadline: string };
}

export interface PlatformStatus {
  at: string;
  services: ServiceStatus[];
  /** Dead letters across the platform: an incident while above zero. */
  deadLetters: number;
}

const countsBy = (rows: { key: string; n: number }[]): Record<string, number> => Object.fromEntries(rows.map((r) => [r.key, r.n]));

async function serviceStatus(service: ServiceEndpoint, lagOf: (group: string) => Promise<Record<string, number>>, now: Date): Promise<ServiceStatus> {
  const status: ServiceStatus = { service: service.name, reachable: true, relayBacklog: 0, deadLetters: {}, parked: {}, consumerLag: {}, provisionalYears: [] };
  const url = service.databaseUrl;
  try {
    const [backlog] = await query<{ n: number; oldest: Date | null }>(
      url,
      `SELECT count(*)::int AS n, min(e.recorded_at) AS oldest FROM outbox o JOIN events e ON e.global_position = o.global_position`,
    );
    status.relayBacklog = backlog.n;
    if (backlog.oldest) status.oldestUnpublishedAt = new Date(backlog.oldest).toISOString();
    status.deadLetters = countsBy(await query(url, `SELECT reason AS key, count(*)::int AS n FROM dead_letters WHERE resolution IS NULL GROUP BY reason ORDER BY reason`));
    status.parked = countsBy(await query(url, `SELECT reason AS key, count(*)::int AS n FROM parked_events GROUP BY reason ORDER BY reason`));
    if (await hasTable(url, 'deliveries')) {
      status.failedDeliveries = (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM deliveries WHERE status = 'FAILED'`))[0].n;
    }
    const year = Number(todayInShanghai(now).slice(0, 4));
    const published = new Set((await query<{ year: number }>(url, `SELECT year FROM calendar_years WHERE year IN ($1, $2)`, [year, year + 1])).map((r) => r.year));
    status.provisionalYears = [year, year + 1].filter((y) => !published.has(y));
    if (await hasTable(url, 'repair_effects')) {
      const [oldest] = await query<{ application_id: string; effect: string; service: string; deadline: Date }>(
        url,
        `SELECT application_id, effect, service, deadline FROM repair_effects WHERE status = 'PENDING' ORDER BY deadline LIMIT 1`,
      );
      if (oldest) {
        status.oldestPendingRepairEffect = { applicationId: oldest.application_id, effect: oldest.effect, service: oldest.service, deadline: new Date(oldest.deadline).toISOString() };
      }
    }
  } catch (error) {
    return { ...status, reachable: false, error: (error as Error).message };
  }
  if (service.consumerGroup) status.consumerLag = await lagOf(service.consumerGroup).catch(() => ({}));
  return status;
}

/** Records of each topic the group has not committed past (high watermark minus committed offset, summed over partitions). */
async function lagOf(kafka: Kafka, group: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId: group });
    const lag: Record<string, number> = {};
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      let behind = 0n;
      for (const p of partitions) {
        const end = ends.get(p.partition) ?? 0n;
        const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
        if (end > at) behind += end - at;
      }
      lag[topic] = Number(behind);
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

export async function platformStatus(topology: Topology, now = new Date()): Promise<PlatformStatus> {
  const kafka = new Kafka({ clientId: 'credit-ops', brokers: topology.kafkaBrokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 1 } });
  const services = await Promise.all(topology.services.map((service) => serviceStatus(service, (group) => lagOf(kafka, group), now)));
  return { at: now.toISOString(), services, deadLetters: services.reduce((sum, s) => sum + Object.values(s.deadLetters).reduce((a, b) => a + b, 0), 0) };
}

/** The one screen. */
export function formatStatus(status: PlatformStatus): string {
  const lines = [`platform status at ${status.at}${status.deadLetters > 0 ? `  — ${status.deadLetters} DEAD LETTER(S): see \`ops dead-letters list\`` : ''}`];
  const pad = (text: string, width: number) => text.padEnd(width);
  lines.push(`${pad('service', 20)}${pad('lag', 10)}${pad('backlog', 9)}${pad('dead', 6)}${pad('parked', 8)}${pad('failed', 8)}notes`);
  for (const s of status.services) {
    if (!s.reachable) {
      lines.push(`${pad(s.service, 20)}UNREACHABLE: ${s.error}`);
      continue;
    }
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    const notes = [
      ...Object.entries(s.deadLetters).map(([reason, n]) => `dead ${reason}: ${n}`),
      ...Object.entries(s.parked).map(([reason, n]) => `parked ${reason}: ${n}`),
      ...(s.provisionalYears.length > 0 ? [`provisional calendar: ${s.provisionalYears.join(', ')}`] : []),
      ...(s.oldestPendingRepairEffect ? [`oldest pending effect: ${s.oldestPendingRepairEffect.service} ${s.oldestPendingRepairEffect.effect} of ${s.oldestPendingRepairEffect.applicationId}, due ${s.oldestPendingRepairEffect.deadline}`] : []),
      ...(s.oldestUnpublishedAt ? [`unpublished since ${s.oldestUnpublishedAt}`] : []),
    ];
    lines.push(
      `${pad(s.service, 20)}${pad(s.consumerLag && Object.keys(s.consumerLag).length > 0 ? String(sum(s.consumerLag)) : '-', 10)}${pad(String(s.relayBacklog), 9)}${pad(String(sum(s.deadLetters)), 6)}${pad(String(sum(s.parked)), 8)}${pad(s.failedDeliveries === undefined ? '-' : String(s.failedDeliveries), 8)}${notes.join('; ')}`,
    );
  }
  return lines.join('\n');
}
