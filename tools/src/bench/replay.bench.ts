/**
 * Replay benchmark: rebuilding the joint-punishment and credit-portal projections from 100 000
 * stored events (the services' own rebuild engine and projection code), against a raw kafkajs
 * consume of the same events from a topic, in the same run.
 *
 *   npm run build && npm run bench:replay
 *
 * Set-up (not timed): one throwaway database per service with its migrations; the same events
 * (list entries created, measures applied, exits and lifts for half of them; each event's JSON
 * as the relay publishes it) stored in joint-punishment's event store, in credit-portal's stored
 * subject events, and produced to a topic of the benchmark's own. Timed, alternating, BENCH_ROUNDS
 * times: the raw consume (a fresh consumer group reading the topic from the start, parsing each
 * value), and each rebuild (fresh tables, switch included). Medians, the ratio rebuild/raw and
 * the peak RSS are printed. Leaves any running local platform alone: its own topic and databases,
 * dropped at the end. Settings: BENCH_EVENTS (100000), BENCH_ROUNDS (3), KAFKA_BROKERS / DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventStore, eventStoreMigrations, type NewEvent } from '@credit/event-store';
import { messagingMigrations } from '@credit/messaging';
import { createTestDatabase, testInfra, uniqueName, type TestDatabase } from '@credit/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { benchTopicPrefix, deleteBenchTopics, verdict } from './bench-kafka';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
const ROOT = join(__dirname, '..', '..', '..');

/**
 * The services' compiled projection code and migrations, loaded at run time (tools do not depend
 * on services at build time): the benchmark times the code the services run.
 */
function serviceModule(service: string, path: string): any {
  return require(join(ROOT, 'services', service, 'dist', path));
}

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface BenchEvent {
  id: string;
  type: string;
  stream: string;
  subjectKey: string;
  data: Record<string, unknown>;
  correlationId: string;
}

/** Per subject: a black-list entry, two measures applied; every other subject exits and has both lifted. */
function events(count: number): BenchEvent[] {
  const out: BenchEvent[] = [];
  for (let i = 0; out.length < count; i++) {
    const subjectKey = `bench-subject-${i}`;
    const listEntryId = randomUUID();
    const stream = `list-entry-${listEntryId}`;
    const correlationId = randomUUID();
    const code = `91450100MA${String(i).padStart(7, '0')}X`;
    const unitCodes = ['11450100MB0000001X', '11450100MB0000002X'];
    const push = (type: string, data: Record<string, unknown>) => out.length < count && out.push({ id: randomUUID(), type, stream, subjectKey, data, correlationId });
    push('joint-punishment.list-entry-created', {
      listEntryId,
      subjectCode: code,
      maskedCode: code,
      list: 'BLACK',
      category: 'MARKET_SERIOUS_ILLEGAL',
      basis: { recordIds: [randomUUID()], document: `南市监列严〔2025〕${i}号` },
      initiatingUnit: { name: '南宁市市场监督管理局', code: '11450100MB0000000X' },
      decidedOn: '2025-06-10',
      validUntil: '2028-06-10',
    });
    for (const unitCode of unitCodes) push('joint-punishment.measure-applied', { listEntryId, measureCode: 'M-PROCUREMENT', unitCode, measureVersion: 1 });
    if (i % 2 === 0) {
      push('joint-punishment.list-entry-exited', { listEntryId, exitedOn: '2026-01-10', trigger: 'REPAIR', reason: '信用修复', repairApplicationId: randomUUID() });
      for (const unitCode of unitCodes) push('joint-punishment.measure-lifted', { listEntryId, measureCode: 'M-PROCUREMENT', unitCode });
    }
  }
  return out;
}

async function openDatabase(prefix: string, migrations: Function[]): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase(prefix);
  const dataSource = new DataSource({ type: 'postgres', url: db.url, migrations, poolSize: 4 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return { db, dataSource };
}

async function store(jp: DataSource, portal: DataSource, all: BenchEvent[]): Promise<void> {
  const eventStore = new EventStore(jp);
  const actor = { departmentCode: '11450100MB0000000X', user: 'bench' };
  for (let i = 0; i < all.length; i += 2000) {
    const slice = all.slice(i, i + 2000);
    const byStream = new Map<string, NewEvent[]>();
    for (const e of slice) {
      const list = byStream.get(e.stream) ?? [];
      list.push({ id: e.id, type: e.type, subjectKey: e.subjectKey, correlationId: e.correlationId, actor, data: e.data });
      byStream.set(e.stream, list);
    }
    await eventStore.transaction((tx) => tx.appendMany([...byStream].map(([stream, evs]) => ({ stream, expected: 'any' as const, events: evs }))));
    await portal.query(
      `INSERT INTO subject_events (event_id, subject_key, type, data, recorded_at)
       SELECT r.event_id, r.subject_key, r.type, r.data, now() FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, subject_key text, type text, data jsonb)`,
      [JSON.stringify(slice.map((e) => ({ event_id: e.id, subject_key: e.subjectKey, type: e.type, data: e.data })))],
    );
  }
  // The relay is not running here: nothing needs the outbox.
  await jp.query(`TRUNCATE outbox`);
}

async function produce(kafka: Kafka, topic: string, all: BenchEvent[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < all.length; i += 2000) {
    await producer.send({
      topic,
      messages: all.slice(i, i + 2000).map((e) => ({
        key: e.subjectKey,
        value: JSON.stringify({ id: e.id, type: e.type, version: 1, subjectKey: e.subjectKey, occurredAt: new Date().toISOString(), recordedAt: new Date().toISOString(), correlationId: e.correlationId, causationId: null, actor: { departmentCode: '11450100MB0000000X', user: 'bench' }, data: e.data }),
      })),
    });
  }
  await producer.disconnect();
}

/** A fresh consumer group reads the whole topic, parsing every value; seconds until the last. */
async function rawConsume(kafka: Kafka, topic: string, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: uniqueName('bench-replay-raw'), maxBytes: 10 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (started === 0) started = performance.now();
        for (const message of batch.messages) {
          JSON.parse(message.value!.toString());
          seen++;
        }
        sampleRss();
        if (seen >= expected) resolve((performance.now() - started) / 1000);
      },
    });
  });
  const seconds = await done;
  await consumer.disconnect();
  return seconds;
}

async function rebuildOnce(dataSource: DataSource, projections: any[], source: (p: any) => any): Promise<{ seconds: number; read: number; identical: boolean }> {
  const platform = require('@credit/platform');
  const started = performance.now();
  let read = 0;
  let identical = true;
  for (const projection of projections) {
    const engine = new platform.ProjectionRebuildEngine(dataSource, projection, source(projection), { batchSize: BATCH });
    const state = platform.newRebuildState(projection.name);
    await engine.run(state, { onState: sampleRss });
    await engine.dropRetired(state);
    read += state.read;
    identical &&= state.checksumLive.digest === state.checksumRebuilt.digest;
  }
  return { seconds: (performance.now() - started) / 1000, read, identical };
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const platform = require('@credit/platform');
  const jpMigrations: Function[] = serviceModule('joint-punishment', 'migrations/index.js').jointPunishmentServiceMigrations;
  const portalMigrations: Function[] = serviceModule('credit-portal', 'migrations/index.js').creditPortalMigrations;
  const jpProjections = serviceModule('joint-punishment', 'rebuild/rebuildable-projections.js').jointPunishmentProjections.filter((p: any) => p.name === 'list-entries');
  const portalProjections = [serviceModule('credit-portal', 'public/subject-views.rebuild.js').subjectViewsProjection];
  const base = [...eventStoreMigrations, ...messagingMigrations, ...platform.platformMigrations];

  const jp = await openDatabase('bench_replay_jp', [...base, ...jpMigrations]);
  const portal = await openDatabase('bench_replay_portal', [...base, ...portalMigrations]);
  const kafka = new Kafka({ clientId: 'bench-replay', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
  // The run's own topic, under its prefix `bench-<pid>-<time>.` (every topic under it deleted at the end).
  const topicPrefix = benchTopicPrefix();
  const topic = `${topicPrefix}replay`;
  try {
    const all = events(EVENTS);
    process.stdout.write(`storing ${all.length} events (joint-punishment event store, credit-portal subject events) and producing them to ${topic} ...\n`);
    await store(jp.dataSource, portal.dataSource, all);
    await produce(kafka, topic, all);
    const jpStore = new EventStore(jp.dataSource);
    // The live tables as the services would hold them: one rebuild fills them before the timed rounds.
    await rebuildOnce(jp.dataSource, jpProjections, () => jpStore.logSource());
    await rebuildOnce(portal.dataSource, portalProjections, (p) => p.source);

    const raw: number[] = [];
    const jpRates: number[] = [];
    const portalRates: number[] = [];
    let allIdentical = true;
    for (let round = 1; round <= ROUNDS; round++) {
      const rawSeconds = await rawConsume(kafka, topic, all.length);
      raw.push(all.length / rawSeconds);
      const j = await rebuildOnce(jp.dataSource, jpProjections, () => jpStore.logSource());
      jpRates.push(j.read / j.seconds);
      const p = await rebuildOnce(portal.dataSource, portalProjections, (x) => x.source);
      portalRates.push(p.read / p.seconds);
      allIdentical &&= j.identical && p.identical;
      process.stdout.write(
        `round ${round}: raw ${Math.round(all.length / rawSeconds)}/s, joint-punishment rebuild ${Math.round(j.read / j.seconds)}/s, credit-portal rebuild ${Math.round(p.read / p.seconds)}/s\n`,
      );
    }
    const rawMedian = median(raw);
    const rows = [
      ['raw kafkajs consume (parse only)', rawMedian, 1],
      ['joint-punishment rebuild (list-entries)', median(jpRates), median(jpRates) / rawMedian],
      ['credit-portal rebuild (subject-views)', median(portalRates), median(portalRates) / rawMedian],
    ] as const;
    process.stdout.write(`\n${all.length} events, ${ROUNDS} rounds (raw consume and rebuilds alternating), medians (events/s); goal: rebuild/raw >= 0.5\n`);
    for (const [i, [name, rate, ratio]] of rows.entries()) {
      const goal = i === 0 ? '' : `   goal ≥ 0.5   ${verdict(ratio >= 0.5)}`;
      process.stdout.write(`  ${name.padEnd(42)} ${String(Math.round(rate)).padStart(8)}/s   ratio ${ratio.toFixed(2)}${goal}\n`);
    }
    process.stdout.write(`  goal rebuild/raw ≥ 0.5 for both rebuilds   ${verdict(rows.slice(1).every(([, , ratio]) => ratio >= 0.5))}\n`);
    process.stdout.write(`  checksums of every rebuild equal to the live tables: ${allIdentical}\n`);
    process.stdout.write(`  peak RSS ${Math.round(peakRss / 1024 / 1024)} MiB\n`);
  } finally {
    await jp.dataSource.destroy();
    await portal.dataSource.destroy();
    await jp.db.drop();
    await portal.db.drop();
    await deleteBenchTopics(topicPrefix).catch((error: unknown) => process.stderr.write(`deleting the topics under ${topicPrefix}: ${String(error)}\n`));
  }
  process.stdout.write(`total ${((performance.now() - benchStarted) / 1000).toFixed(0)} s\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
