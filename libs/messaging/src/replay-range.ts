/**
 * The range of a replay (`ops replay`): where it starts and where it ends, as an operator writes it
 * (`--from` / `--to`), and per partition once resolved against the topics. Everything here is pure
 * but {@link resolveReplayRange}, which asks the broker for the watermarks and, for a timestamp,
 * the first offset at or after it.
 */
import type { Admin } from 'kafkajs';

/** One partition's offset, as written per partition: `<topic>/<partition>:<offset>`. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Where a replay starts or ends: an offset applied to every partition, an instant (resolved per
 * partition to the first record at or after it), or an offset per partition (what a cancelled
 * replay reports as its next offsets, to resume from; a partition not named is not replayed).
 */
export type ReplayPosition =
  | { kind: 'offset'; offset: string }
  | { kind: 'timestamp'; at: string; ms: number }
  | { kind: 'partitions'; offsets: PartitionOffset[] };

/** What `--from` and `--to` take, for messages naming a bad one. */
export const REPLAY_POSITION_HINT =
  'an offset (1200), an ISO 8601 timestamp with its UTC offset (2026-12-07T08:00:00+08:00) or offsets per partition (<topic>/<partition>:<offset>,...)';

const MAX_OFFSET = 2n ** 63n - 1n;
const OFFSET = /^[0-9]{1,19}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const PARTITION_OFFSET = /^([A-Za-z0-9._-]{1,249})\/([0-9]{1,6}):([0-9]{1,19})$/;
const MAX_PARTITION_OFFSETS = 1000;

/** Parses `--from` / `--to`; undefined when the text is none of the three forms. */
export function parseReplayPosition(text: unknown): ReplayPosition | undefined {
  if (typeof text !== 'string') return undefined;
  if (OFFSET.test(text)) {
    const offset = BigInt(text);
    return offset <= MAX_OFFSET ? { kind: 'offset', offset: offset.toString() } : undefined;
  }
  const instant = TIMESTAMP.exec(text);
  if (instant) {
    const [, year, month, day, hour, minute, second, zone, zoneHours, zoneMinutes] = instant;
    const y = Number(year);
    const m = Number(month);
    const d = Number(day);
    const calendarDay = new Date(Date.UTC(y, m - 1, d));
    if (m < 1 || m > 12 || calendarDay.getUTCFullYear() !== y || calendarDay.getUTCMonth() !== m - 1 || calendarDay.getUTCDate() !== d) return undefined;
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined;
    if (zone !== 'Z' && (Number(zoneHours) > 14 || Number(zoneMinutes) > 59)) return undefined;
    const ms = Date.parse(text);
    if (!Number.isFinite(ms) || ms < 0) return undefined;
    return { kind: 'timestamp', at: new Date(ms).toISOString(), ms };
  }
  if (!text.includes('/')) return undefined;
  const parts = text.split(',');
  if (parts.length > MAX_PARTITION_OFFSETS) return undefined;
  const offsets: PartitionOffset[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const match = PARTITION_OFFSET.exec(part);
    if (!match) return undefined;
    const [, topic, partition, offset] = match;
    const key = `${topic}/${Number(partition)}`;
    if (seen.has(key) || BigInt(offset) > MAX_OFFSET) return undefined;
    seen.add(key);
    offsets.push({ topic, partition: Number(partition), offset: BigInt(offset).toString() });
  }
  return { kind: 'partitions', offsets };
}

/** `<topic>/<partition>:<offset>,...`, what {@link parseReplayPosition} reads back. */
export function formatPartitionOffsets(offsets: readonly PartitionOffset[]): string {
  return offsets.map((o) => `${o.topic}/${o.partition}:${o.offset}`).join(',');
}

/** A partition's first offset still on the broker (`low`) and the offset its next record will get (`high`). */
export interface PartitionWatermarks {
  topic: string;
  partition: number;
  low: string;
  high: string;
}

/** One partition of a replay: its records from `from` (inclusive) to `to` (exclusive). */
export interface ReplayPartitionRange {
  topic: string;
  partition: number;
  from: string;
  to: string;
}

export interface ReplayPlan {
  partitions: ReplayPartitionRange[];
  /** Records in the range (offsets; a compacted or transactional topic may hold fewer). */
  total: number;
}

/** A range the topics cannot give: which of `from` / `to` and why. */
export class ReplayRangeError extends Error {
  constructor(
    readonly field: 'from' | 'to' | 'topic',
    message: string,
  ) {
    super(message);
    this.name = 'ReplayRangeError';
  }
}

const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * Resolves a position to an offset per partition. `byTimestamp` holds, for a timestamp, the first
 * offset at or after it per partition (the high watermark when there is none). A partition a
 * per-partition position does not name gets `unnamed` (its high watermark: nothing from it).
 */
export function positionOffsets(
  field: 'from' | 'to',
  position: ReplayPosition,
  watermarks: readonly PartitionWatermarks[],
  byTimestamp: ReadonlyMap<string, string> = new Map(),
): Map<string, bigint> {
  const offsets = new Map<string, bigint>();
  const known = new Map(watermarks.map((w) => [partitionKey(w.topic, w.partition), w]));
  if (position.kind === 'partitions') {
    for (const named of position.offsets) {
      if (!known.has(partitionKey(named.topic, named.partition))) {
        throw new ReplayRangeError(field, `${field}: ${named.topic}/${named.partition} is not a partition of the topics replayed (${[...new Set(watermarks.map((w) => w.topic))].join(', ')})`);
      }
    }
  }
  for (const w of watermarks) {
    const key = partitionKey(w.topic, w.partition);
    switch (position.kind) {
      case 'offset':
        offsets.set(key, BigInt(position.offset));
        break;
      case 'timestamp': {
        const found = byTimestamp.get(key);
        offsets.set(key, BigInt(found ?? w.high));
        break;
      }
      case 'partitions': {
        const named = position.offsets.find((o) => o.topic === w.topic && o.partition === w.partition);
        offsets.set(key, BigInt(named?.offset ?? w.high));
        break;
      }
    }
  }
  return offsets;
}

/**
 * Each partition's range: from the resolved `from` (never below the first offset still on the
 * broker) to the resolved `to` (never past the high watermark read when the replay starts: a
 * replay ends, it never follows the live topic). An end before the start leaves the partition empty.
 */
export function planReplayRange(
  watermarks: readonly PartitionWatermarks[],
  from: ReadonlyMap<string, bigint>,
  to: ReadonlyMap<string, bigint> = new Map(),
): ReplayPlan {
  let total = 0n;
  const partitions = [...watermarks]
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map((w) => {
      const key = partitionKey(w.topic, w.partition);
      const low = BigInt(w.low);
      const high = BigInt(w.high);
      const start = max(low, min(high, from.get(key) ?? high));
      const end = max(start, min(high, to.get(key) ?? high));
      total += end - start;
      return { topic: w.topic, partition: w.partition, from: start.toString(), to: end.toString() };
    });
  return { partitions, total: Number(total) };
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/**
 * The range of a replay of `topics` on the broker as it is now: the watermarks of every partition,
 * a timestamp resolved per partition (kafkajs `fetchTopicOffsetsByTimestamp`), then
 * {@link planReplayRange}. `to` absent: the high watermarks read here.
 */
export async function resolveReplayRange(admin: Admin, topics: readonly string[], from: ReplayPosition, to?: ReplayPosition): Promise<ReplayPlan> {
  const watermarks: PartitionWatermarks[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) watermarks.push({ topic, partition: p.partition, low: p.low, high: p.high });
  }
  const instantOffsets = async (position: ReplayPosition | undefined): Promise<Map<string, string>> => {
    const found = new Map<string, string>();
    if (position?.kind !== 'timestamp') return found;
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsetsByTimestamp(topic, position.ms)) found.set(partitionKey(topic, p.partition), p.offset);
    }
    return found;
  };
  const fromOffsets = positionOffsets('from', from, watermarks, await instantOffsets(from));
  const toOffsets = to === undefined ? new Map<string, bigint>() : positionOffsets('to', to, watermarks, await instantOffsets(to));
  return planReplayRange(watermarks, fromOffsets, toOffsets);
}
