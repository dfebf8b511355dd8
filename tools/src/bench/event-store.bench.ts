/**
 * Event store benchmark: append throughput of @credit/event-store against Emmett's PostgreSQL
 * event store (the reference implementation of the same model) on the same PostgreSQL server,
 * and the outbox relay's publishing throughput to Kafka.
 *
 *   npm run build && npm run bench:event-store
 *
 * Each store gets its own throwaway database. Both append the same ~1 KB events with an
 * optimistic-concurrency check, each append in its own transaction. Rounds alternate the two
 * stores so that background load on the machine hits both alike; the median of the rounds is
 * reported; the goal is ours/Emmett ≥ 1.0 in every case (MET / NOT MET). The relay publishes to a
 * topic of the run's own, under the prefix `bench-<pid>-<time>.` deleted at the end. Settings: BENCH_ROUNDS (5), BENCH_ROUND_MS (2000), BENCH_RELAY_EVENTS (20000),
 * KAFKA_BROKERS / DATABASE_URL as for the tests.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { EventStore, OutboxRelay, eventStoreMigrations, type NewEvent } from '@credit/event-store';
import { KafkaPublisher, type MessagePublisher, type OutgoingMessage } from '@credit/messaging';
import { createTestDatabase, uniqueName, type TestDatabase } from '@credit/testing';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { DataSource } from 'typeorm';
import { benchKafka, benchTopicPrefix, deleteBenchTopics, verdict } from './bench-kafka';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const SLICES = 4;
const WARMUP_MS = 400;
const RELAY_EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 20_000);
const POOL_SIZE = 8;

interface Case {
  eventsPerAppend: number;
  writers: number;
}
const CASES: Case[] = [
  { eventsPerAppend: 1, writers: 1 },
  { eventsPerAppend: 1, writers: 4 },
  { eventsPerAppend: 10, writers: 1 },
  { eventsPerAppend: 10, writers: 4 },
];

/** A penalty decision (行政处罚决定) as a department system submits it, padded to ~1 KB of JSON. */
function penaltyData(seq: number): Record<string, unknown> {
  const data: Record<string, unknown> = {
    penaltyId: randomUUID(),
    decisionNumber: `桂市监罚〔2024〕${seq}号`,
    subjectName: '南宁市示例商贸有限公司',
    uscc: '91450100MA5KXXXX1X',
    legalRepresentative: '张*',
    violationType: '未按规定公示年度报告',
    legalBasis: '《企业信息公示暂行条例》第八条、第十七条',
    penaltyType: ['警告', '罚款'],
    amountYuan: 5000,
    decidedOn: '2024-03-01',
    authority: '南宁市市场监督管理局',
    authorityCode: '11450100MB0000000X',
    seq,
  };
  const size = Buffer.byteLength(JSON.stringify(data));
  data.violationFacts = '当事人未在规定期限内报送并公示上一年度年度报告。'.repeat(40).slice(0, Math.max(0, (1024 - size - 20) / 3));
  return data;
}

interface Contender {
  name: string;
  /** Appends `events` events to `stream` whose current version is `version`; returns the new version. */
  append(stream: string, subjectKey: string, version: number, events: number, seq: number): Promise<number>;
  close(): Promise<void>;
}

async function ours(db: TestDatabase): Promise<Contender & { dataSource: DataSource; store: EventStore }> {
  const dataSource = new DataSource({ type: 'postgres', url: db.url, migrations: eventStoreMigrations, poolSize: POOL_SIZE });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const store = new EventStore(dataSource);
  return {
    name: 'credit',
    dataSource,
    store,
    async append(stream, subjectKey, version, events, seq) {
      const batch: NewEvent[] = Array.from({ length: events }, (_, i) => ({
        type: 'double-publicity.penalty-published',
        data: penaltyData(seq + i),
        subjectKey,
        correlationId: 'bench',
        actor: { departmentCode: '11450100MB0000000X', user: 'bench' },
      }));
      const { nextExpectedVersion } = await store.transaction((tx) => tx.append(stream, version, batch));
      return nextExpectedVersion;
    },
    close: () => dataSource.destroy(),
  };
}

async function emmett(db: TestDatabase): Promise<Contender> {
  const store: PostgresEventStore = getPostgreSQLEventStore(db.url, {
    connectionOptions: { connectionString: db.url, pooled: true },
  });
  await store.schema.migrate();
  return {
    name: 'emmett',
    async append(stream, subjectKey, version, events, seq) {
      // The same information as our envelope: the extra fields travel in Emmett's metadata.
      const batch = Array.from({ length: events }, (_, i) => ({
        type: 'double-publicity.penalty-published',
        data: penaltyData(seq + i),
        metadata: {
          subjectKey,
          correlationId: 'bench',
          causationId: null,
          actor: { departmentCode: '11450100MB0000000X', user: 'bench' },
          occurredAt: new Date().toISOString(),
        },
      }));
      const result = await store.appendToStream(stream, batch, { expectedStreamVersion: BigInt(version) });
      return Number(result.nextExpectedStreamVersion);
    },
    close: () => store.close(),
  };
}

/** Events appended by `writers` concurrent writers, each appending to its own stream, in about `ms`. */
async function measure(contender: Contender, c: Case, ms: number, label: string): Promise<{ events: number; seconds: number }> {
  const start = performance.now();
  const deadline = start + ms;
  let appended = 0;
  await Promise.all(
    Array.from({ length: c.writers }, async (_, w) => {
      const stream = `penalty-${label}-${w}-${randomUUID()}`;
      const subjectKey = `9145010${w}MA5K${label.slice(0, 6)}`;
      let version = 0;
      while (performance.now() < deadline) {
        version = await contender.append(stream, subjectKey, version, c.eventsPerAppend, appended);
        appended += c.eventsPerAppend;
      }
    }),
  );
  return { events: appended, seconds: (performance.now() - start) / 1000 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const caseName = (c: Case): string =>
  `${c.eventsPerAppend} event${c.eventsPerAppend > 1 ? 's' : ''}/append, ${c.writers} writer${c.writers > 1 ? 's' : ''}`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function benchAppends(credit: Contender, reference: Contender): Promise<void> {
  for (const c of CASES) {
    await measure(credit, c, WARMUP_MS, 'warmup');
    await measure(reference, c, WARMUP_MS, 'warmup');
  }
  // A round alternates the two stores in short slices, so that a burst of background load
  // (the machine is shared) hits both alike instead of deciding a whole round.
  const results = new Map<Case, { credit: number[]; emmett: number[] }>(CASES.map((c) => [c, { credit: [], emmett: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CASES) {
      const totals = new Map<Contender, { events: number; seconds: number }>([
        [credit, { events: 0, seconds: 0 }],
        [reference, { events: 0, seconds: 0 }],
      ]);
      for (let slice = 0; slice < SLICES; slice++) {
        const order = (round + slice) % 2 === 0 ? [credit, reference] : [reference, credit];
        for (const contender of order) {
          const { events, seconds } = await measure(contender, c, ROUND_MS / SLICES, `r${round}s${slice}`);
          const total = totals.get(contender)!;
          total.events += events;
          total.seconds += seconds;
        }
      }
      for (const [contender, { events, seconds }] of totals) {
        results.get(c)![contender === credit ? 'credit' : 'emmett'].push(events / seconds);
      }
    }
    process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
  }

  const rows = CASES.map((c) => {
    const r = results.get(c)!;
    const ourMedian = median(r.credit);
    const theirMedian = median(r.emmett);
    return {
      case: caseName(c),
      ours: fmt(ourMedian),
      emmett: fmt(theirMedian),
      ratio: (ourMedian / theirMedian).toFixed(2),
      oursRounds: r.credit.map(fmt).join(' '),
      emmettRounds: r.emmett.map(fmt).join(' '),
    };
  });
  const header = ['append throughput (events/s, median)', '@credit/event-store', 'emmett-postgresql 0.42', 'ours/emmett'];
  const table = [header, ...rows.map((r) => [r.case, r.ours, r.emmett, r.ratio])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]): string => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const row of table.slice(1)) console.log(line(row));
  console.log('\nrounds (events/s):');
  for (const r of rows) console.log(`  ${r.case.padEnd(widths[0])}  ours: ${r.oursRounds}  |  emmett: ${r.emmettRounds}`);
  const below = rows.filter((r) => Number(r.ratio) < 1);
  console.log(
    `\nratio ours/emmett ${rows.map((r) => r.ratio).join(', ')}   goal ≥ 1.0 in every case   ${verdict(below.length === 0)}` +
      (below.length > 0 ? ` (below: ${below.map((r) => r.case).join('; ')})` : ''),
  );
}

/** Publishes to the bench topic instead of the platform topics, and resolves once `target` records are acknowledged. */
class CountingPublisher implements MessagePublisher {
  published = 0;
  private done?: () => void;
  readonly finished: Promise<void>;

  constructor(
    private readonly inner: KafkaPublisher,
    private readonly topic: string,
    private readonly target: number,
  ) {
    this.finished = new Promise((resolve) => (this.done = resolve));
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    await this.inner.publish(messages.map((m) => ({ ...m, topic: this.topic })));
    this.published += messages.length;
    if (this.published >= this.target) this.done?.();
  }
}

async function benchRelay(dataSource: DataSource, store: EventStore, topicPrefix: string): Promise<void> {
  const kafka = benchKafka(topicPrefix, uniqueName('bench-relay'));
  const topic = uniqueName('bench-relay');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
  const producer = new KafkaPublisher(kafka);
  await producer.connect();
  try {
    // The append benchmark left events in the outbox: start from an empty one.
    await dataSource.query('TRUNCATE outbox');
    const writers = 4;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let version = 0;
        for (let n = 0; n < RELAY_EVENTS / writers; n += 10) {
          const batch: NewEvent[] = Array.from({ length: 10 }, (_, i) => ({
            type: 'double-publicity.penalty-published',
            data: penaltyData(n + i),
            subjectKey: `91450100MA5K${w}${n % 50}`,
            correlationId: 'bench',
            actor: { departmentCode: '11450100MB0000000X' },
          }));
          version = (await store.transaction((tx) => tx.append(`penalty-relay-${w}`, version, batch))).nextExpectedVersion;
        }
      }),
    );
    const backlog = (await dataSource.query('SELECT count(*)::int AS n FROM outbox'))[0].n as number;
    const publisher = new CountingPublisher(producer, topic, backlog);
    const relay = new OutboxRelay(dataSource, publisher, { logger: { log: () => undefined, warn: console.warn, error: console.error } });
    const start = performance.now();
    await relay.start();
    await publisher.finished;
    const seconds = (performance.now() - start) / 1000;
    await relay.stop();
    console.log(
      `\nrelay to Kafka (OutboxRelay + KafkaPublisher, batch 500, acks=all, 3 partitions): ` +
        `${fmt(backlog)} events of ~1 KB in ${seconds.toFixed(2)} s = ${fmt(backlog / seconds)} events/s`,
    );
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  // The relay's topic is the run's own (under `bench-<pid>-<time>.`, deleted at the end).
  const topicPrefix = benchTopicPrefix();
  const [creditDb, emmettDb] = await Promise.all([createTestDatabase('bench_credit'), createTestDatabase('bench_emmett')]);
  const credit = await ours(creditDb);
  const reference = await emmett(emmettDb);
  try {
    const [{ server_version: version }] = await credit.dataSource.query('SHOW server_version');
    console.log(
      `event store benchmark: PostgreSQL ${version}, node ${process.version}, ${os.cpus().length} cores, ` +
        `${ROUNDS} rounds x ${ROUND_MS} ms per case, pool ${POOL_SIZE} (ours), event data ${Buffer.byteLength(JSON.stringify(penaltyData(1)))} bytes`,
    );
    await benchAppends(credit, reference);
    await benchRelay(credit.dataSource, credit.store, topicPrefix);
  } finally {
    await reference.close();
    await credit.close();
    await Promise.all([creditDb.drop(), emmettDb.drop()]);
    await deleteBenchTopics(topicPrefix).catch((error: unknown) => console.error(`deleting the topics under ${topicPrefix}:`, error));
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
