/**
 * Repair benchmark: how long an approved credit repair takes to complete across the platform,
 * against three bare kafkajs produce→consume hops, in the same run.
 *
 *   npm run build && npm run bench:repair
 *
 * The whole platform runs as processes (RepairPlatform: eight services, each with its own fresh
 * database, and the sandbox national platform) on topics of the run's own (KAFKA_TOPIC_PREFIX
 * `bench-<pid>-<time>.`, deleted at the end): a running local platform sees none of its events.
 * Set-up (not timed): BENCH_REPAIRS (50) subjects, each with a published penalty, a black-list
 * entry with measures by two linkage units, a repair commitment and a repair application ready for
 * approval (BENCH_PREPARE_CONCURRENCY, 5, at a time; more overloads two cores), plus one more for a warm-up.
 *
 * Timed, in BENCH_ROUNDS (5) alternating rounds: the repairs, approved BENCH_APPROVE_CONCURRENCY
 * (2) at a time (1: strictly sequential, which takes longer than 5 minutes on two cores), each from
 * its approval's HTTP response to the
 * `credit-repair.repair-completed` event on the subject topic (observed by a consumer of the run's
 * topic, not polled); and as many samples of three hops (produce to topic A, a consumer forwards to
 * B, another forwards to C, a last consumer receives) on topics of the run's own, with messages of
 * the size of the repair's `repair-approved` event and the same consumer settings. Prints p50/p99 of
 * both, the ratio p99(repair) / p99(three hops) and whether it meets the goal (≤ 5).
 *
 * BENCH_PARTITIONS / BENCH_CONSUMER_CONCURRENCY (1 / 1, as the local stack) set the run's topics'
 * partitions and every service's CONSUMER_CONCURRENCY. BENCH_TRACE=1 also prints where the time goes:
 * the causal chain of the median repair and, per event type of the flow, when it was recorded and when
 * it was seen on the topic (medians, from the approval response).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { TOPICS } from '@credit/contracts';
import { createTopicsIfMissing } from '@credit/messaging';
import { RepairPlatform, type RepairSubject } from '@credit/testing';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { benchKafka, benchTopicPrefix, deleteBenchTopics, verdict } from './bench-kafka';

const REPAIRS = Number(process.env.BENCH_REPAIRS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PREPARE_CONCURRENCY = Number(process.env.BENCH_PREPARE_CONCURRENCY ?? 5);
/** Repairs in flight at once (default 2: the whole run stays under 5 minutes on two cores; 1 for strictly sequential). */
const APPROVE_CONCURRENCY = Number(process.env.BENCH_APPROVE_CONCURRENCY ?? 2);
/** Partitions of the run's topics and partitions each service's consumer works on at once (the local defaults: 1 and 1). */
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 1);
const CONSUMER_CONCURRENCY = Number(process.env.BENCH_CONSUMER_CONCURRENCY ?? 1);
const GOAL = 5;
/** Fetch wait of every consumer this benchmark runs (the hops' and the completion watcher's). */
const MAX_WAIT_MS = 20;

const log = (line: string) => process.stderr.write(`[bench:repair] ${line}\n`);

/** Nearest-rank percentile (with 50 samples, p99 is the largest). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function startConsumer(kafka: Kafka, groupId: string, topics: string[], onMessage: (topic: string, value: Buffer) => Promise<void> | void): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: MAX_WAIT_MS, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  await consumer.run({ eachMessage: async ({ topic, message }) => onMessage(topic, message.value ?? Buffer.alloc(0)) });
  await joined;
  return consumer;
}

/** Watches the run's subject topic for repair approvals (their size) and completions (their arrival). */
class CompletionWatcher {
  private readonly completedAt = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  readonly approvedBytes: number[] = [];
  /** Every event of a repair flow (by correlation id): its type, arrival here and recorded time. */
  readonly trace = new Map<string, Array<{ id: string; causationId: string | null; type: string; at: number; recordedAt: number }>>();
  private consumer?: Consumer;

  async start(kafka: Kafka, run: string): Promise<void> {
    this.consumer = await startConsumer(kafka, `${run}-watcher`, [TOPICS.subjectEvents], (_topic, value) => {
      const at = performance.now();
      const event = JSON.parse(value.toString('utf8')) as { id: string; causationId: string | null; type: string; correlationId: string; recordedAt: string; data: { applicationId?: string } };
      const flow = this.trace.get(event.correlationId) ?? [];
      flow.push({ id: event.id, causationId: event.causationId, type: event.type, at, recordedAt: Date.parse(event.recordedAt) - performance.timeOrigin });
      this.trace.set(event.correlationId, flow);
      if (event.type === 'credit-repair.repair-approved') this.approvedBytes.push(value.length);
      if (event.type !== 'credit-repair.repair-completed' || !event.data.applicationId) return;
      this.completedAt.set(event.data.applicationId, at);
      this.waiters.get(event.data.applicationId)?.(at);
    });
  }

  completion(applicationId: string, timeoutMs = 120_000): Promise<number> {
    const seen = this.completedAt.get(applicationId);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`repair ${applicationId} not completed within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(applicationId, (at) => {
        clearTimeout(timer);
        this.waiters.delete(applicationId);
        resolve(at);
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Three produce→consume hops: A → forwarder → B → forwarder → C → receiver. */
class ThreeHops {
  private readonly consumers: Consumer[] = [];
  private producer!: Producer;
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly topics: [string, string, string];

  constructor(
    private readonly kafka: Kafka,
    private readonly run: string,
  ) {
    this.topics = [`${run}-hop-a`, `${run}-hop-b`, `${run}-hop-c`];
  }

  async start(): Promise<void> {
    const [a, b, c] = this.topics;
    await createTopicsIfMissing(this.kafka, this.topics, { partitions: 1 });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    // Each forwarder produces with a producer of its own, as a service would.
    for (const [from, to] of [[a, b], [b, c]] as const) {
      const forwarder = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await forwarder.connect();
      this.consumers.push(
        await startConsumer(this.kafka, `${this.run}-forward-${from}`, [from], async (_topic, value) => {
          await forwarder.send({ topic: to, acks: -1, messages: [{ key: 'hop', value }] });
        }),
      );
      this.producers.push(forwarder);
    }
    this.consumers.push(
      await startConsumer(this.kafka, `${this.run}-receive`, [c], (_topic, value) => {
        const at = performance.now();
        const id = value.subarray(0, 36).toString('latin1');
        this.waiters.get(id)?.(at);
      }),
    );
  }

  private readonly producers: Producer[] = [];

  /** One message through the three hops: ms from the produce call to its arrival at the last consumer. */
  async sample(bytes: number, id: string): Promise<number> {
    const value = Buffer.alloc(Math.max(bytes, 36), 'x');
    value.write(id.padEnd(36, '-').slice(0, 36), 0, 'latin1');
    const arrived = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hop sample ${id} not received within 30 s`)), 30_000);
      this.waiters.set(value.subarray(0, 36).toString('latin1'), (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    const started = performance.now();
    await this.producer.send({ topic: this.topics[0], acks: -1, messages: [{ key: 'hop', value }] });
    return (await arrived) - started;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    await Promise.allSettled([this.producer?.disconnect(), ...this.producers.map((p) => p.disconnect())]);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const prefix = benchTopicPrefix();
  const run = `bench-repair-${process.pid}`;
  const kafka = benchKafka(prefix, run);
  let platform: RepairPlatform | undefined;
  const watcher = new CompletionWatcher();
  const hops = new ThreeHops(kafka, run);
  try {
    log(`topic prefix ${prefix}; starting the platform (8 services, sandbox national platform)`);
    platform = await RepairPlatform.start({ run, topicPrefix: prefix, env: { LOG_LEVEL: 'warn', KAFKA_PARTITIONS: String(PARTITIONS), CONSUMER_CONCURRENCY: String(CONSUMER_CONCURRENCY) }, healthTimeoutMs: Number(process.env.BENCH_HEALTH_TIMEOUT_MS ?? 180_000) });
    const startSeconds = (performance.now() - started) / 1000;
    log(`platform up in ${startSeconds.toFixed(0)} s; preparing ${REPAIRS} + 1 subjects, ${PREPARE_CONCURRENCY} at a time`);
    await watcher.start(kafka, run);
    await hops.start();

    const prepareStarted = performance.now();
    const ready: Array<{ subject: RepairSubject; applicationId: string }> = [];
    const prepare = async () => {
      const subject = await platform!.prepareSubject();
      ready.push({ subject, applicationId: await platform!.applyForRepair(subject) });
    };
    // The first alone: it defines the linkage units and the list category the others reuse.
    await prepare();
    await pool(Array.from({ length: REPAIRS }, (_, i) => i), PREPARE_CONCURRENCY, prepare);
    const prepareSeconds = (performance.now() - prepareStarted) / 1000;
    log(`${ready.length} applications ready in ${prepareSeconds.toFixed(0)} s`);

    const approvedAtById = new Map<string, number>();
    /** How long each repair took, by application id (for the trace's median repair). */
    const tookById = new Map<string, number>();
    const approveAndWait = async (applicationId: string): Promise<number> => {
      await platform!.approve(applicationId);
      const approvedAt = performance.now();
      approvedAtById.set(applicationId, approvedAt);
      const took = (await watcher.completion(applicationId)) - approvedAt;
      tookById.set(applicationId, took);
      return took;
    };

    // Warm-up of both (not measured); the hops then carry messages of the approval event's size.
    const warmUp = ready.shift()!;
    await approveAndWait(warmUp.applicationId);
    const bytes = Math.round(watcher.approvedBytes.reduce((sum, b) => sum + b, 0) / Math.max(1, watcher.approvedBytes.length)) || 1024;
    for (let i = 0; i < 5; i++) await hops.sample(bytes, `warm-${i}`);

    const repairs: number[] = [];
    const hopSamples: number[] = [];
    const perRound = Math.ceil(ready.length / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const batch = ready.slice(round * perRound, (round + 1) * perRound);
      await pool(batch, APPROVE_CONCURRENCY, async ({ applicationId }) => {
        repairs.push(await approveAndWait(applicationId));
      });
      for (let i = 0; i < batch.length; i++) hopSamples.push(await hops.sample(bytes, `r${round}-${i}-${process.pid}`));
      log(`round ${round + 1}: ${batch.length} repairs (p50 ${percentile(repairs.slice(-batch.length), 0.5).toFixed(0)} ms), ${batch.length} three-hop samples (p50 ${percentile(hopSamples.slice(-batch.length), 0.5).toFixed(1)} ms)`);
    }

    // Every measured repair really is repaired everywhere (a fast but wrong repair would not count).
    const problems = (await Promise.all(ready.slice(0, 3).map(({ subject, applicationId }) => platform!.repairedEverywhere(subject, applicationId)))).flat();

    const ratio = percentile(repairs, 0.99) / percentile(hopSamples, 0.99);
    const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
    const lines = [
      `repair benchmark — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}; topic prefix ${prefix}`,
      `platform started in ${startSeconds.toFixed(0)} s; ${REPAIRS} + 1 warm-up applications prepared in ${prepareSeconds.toFixed(0)} s (${PREPARE_CONCURRENCY} at a time)`,
      `${ROUNDS} alternating rounds; repairs approved ${APPROVE_CONCURRENCY === 1 ? 'one at a time (sequential)' : `${APPROVE_CONCURRENCY} at a time`}, each timed from its approval response to credit-repair.repair-completed on the topic; three-hop samples one at a time`,
      `repair, approval → COMPLETED        p50 ${ms(percentile(repairs, 0.5))}   p99 ${ms(percentile(repairs, 0.99))}   (${repairs.length} repairs)`,
      `three kafkajs hops (${bytes} B, acks=all) p50 ${ms(percentile(hopSamples, 0.5))}   p99 ${ms(percentile(hopSamples, 0.99))}   (${hopSamples.length} samples)`,
      `ratio p99(repair) / p99(three hops) ${ratio.toFixed(2)}   goal ≤ ${GOAL}   ${verdict(ratio <= GOAL)}`,
      `repaired everywhere (3 checked): ${problems.length === 0 ? 'yes' : problems.join('; ')}`,
      `total ${((performance.now() - started) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (process.env.BENCH_TRACE) {
      // Where a repair's time goes: per event type of the flow, the median of its recorded time and of
      // its arrival at the watcher, both from the approval response, and of recorded → arrival.
      const byType = new Map<string, { recorded: number[]; arrived: number[]; relay: number[] }>();
      for (const [applicationId, approvedAt] of approvedAtById) {
        for (const e of watcher.trace.get(applicationId) ?? []) {
          const row = byType.get(e.type) ?? { recorded: [], arrived: [], relay: [] };
          row.recorded.push(e.recordedAt - approvedAt);
          row.arrived.push(e.at - approvedAt);
          row.relay.push(e.at - e.recordedAt);
          byType.set(e.type, row);
        }
      }
      // The causal chain of the median repair's completion, back to its approval.
      const [medianId] = [...tookById].sort((a, b) => a[1] - b[1])[Math.floor(tookById.size / 2)] ?? [];
      const median = medianId === undefined ? undefined : ([medianId, approvedAtById.get(medianId)!] as const);
      if (median) {
        const flow = watcher.trace.get(median[0]) ?? [];
        const byId = new Map(flow.map((e) => [e.id, e]));
        const chain = [];
        for (let e = flow.find((x) => x.type.endsWith('repair-completed')); e; e = e.causationId ? byId.get(e.causationId) : undefined) chain.unshift(e);
        process.stdout.write(`critical path of the median repair (ms from its approval response):\n`);
        for (const e of chain) process.stdout.write(`  ${e.type.padEnd(52)} recorded ${ms(e.recordedAt - median[1])}  arrived ${ms(e.at - median[1])}\n`);
        process.stdout.write(`all events of that repair:\n`);
        for (const e of [...flow].sort((a, b) => a.at - b.at)) process.stdout.write(`  ${e.type.padEnd(52)} recorded ${ms(e.recordedAt - median[1])}  arrived ${ms(e.at - median[1])}  cause ${e.causationId ? (byId.get(e.causationId)?.type ?? 'outside') : '-'}\n`);
      }
      const rows = [...byType].sort((a, b) => percentile(a[1].arrived, 0.5) - percentile(b[1].arrived, 0.5));
      for (const [type, row] of rows) {
        process.stdout.write(`  ${type.padEnd(52)} n=${String(row.arrived.length).padStart(3)} recorded p50 ${ms(percentile(row.recorded, 0.5))}  arrived p50 ${ms(percentile(row.arrived, 0.5))}  recorded→arrived p50 ${ms(percentile(row.relay, 0.5))}\n`);
      }
    }
  } finally {
    await hops.stop();
    await watcher.stop();
    await platform?.stop();
    const deleted = await deleteBenchTopics(prefix).catch((error: unknown) => {
      log(`deleting the topics under ${prefix} failed: ${String(error)}`);
      return 0;
    });
    log(`deleted ${deleted} topics under ${prefix}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
