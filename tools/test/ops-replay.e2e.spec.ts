/**
 * `ops replay` on a real broker and a real database (build first: `npm run build`): credit-portal,
 * compiled, in its own process on a throwaway database and a fresh consumer group. Events are
 * published while it is stopped and its group's committed offset is moved past them (a consumer
 * bug that committed past records it never applied): they are missing from the website. A dry run
 * of that range reports what would change and changes nothing; the replay applies them once; a
 * second replay finds them applied (duplicates, no change). A replay held up mid-record and
 * interrupted (Ctrl-C) is cancelled on the service and resumed by the command it prints. Bad input
 * is refused: exit 2 from the command line, 400/409/422 problem+json from the endpoint.
 */
import { eventRegistry, TOPICS, topicName, type EventEnvelope, type PenaltyPublishedV1, type SubjectRegisteredV1 } from '@credit/contracts';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  FLOW_DEPARTMENT,
  freshUscc,
  KafkaProbe,
  localDir,
  mintToken,
  queryDatabase,
  ServiceProcess,
  testEnvelope,
  TestEventPublisher,
  testInfra,
  waitFor,
  type ProbedMessage,
  type TestDatabase,
} from '@credit/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { runOpsCli } from '../src/ops/cli';
import { commandLine, formatReplay } from '../src/ops/replay';
import type { Topology } from '../src/ops/topology';

const SERVICE = 'credit-portal';
const TOPIC = TOPICS.subjectEvents;
const UNIT = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
const REGISTERED = 'subject-registry.subject-registered';

describe('ops replay: a range of a topic through the service\'s handlers again, in a fresh group', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let liveGroup: string;
  let topology: Topology;
  let publisher: TestEventPublisher;
  let probe: KafkaProbe;
  let admin: Admin;
  let kafka: Kafka;
  let opsToken: string;
  const call = apiCaller(() => service.url);
  const ops = (path: string, body?: unknown, method: 'GET' | 'POST' = 'POST', token?: string) => call(method, `/api/v1/ops/replays${path}`, body, token === '' ? {} : bearer(token ?? opsToken));
  const pageOf = (code: string) => call('GET', `/api/v1/public/subjects/${code}`);

  const registered = (code: string) =>
    testEnvelope<SubjectRegisteredV1>({
      type: REGISTERED,
      subjectKey: code,
      stream: `subject-${code}`,
      data: { kind: 'LEGAL_PERSON', code, maskedCode: code, name: `南宁市重放测试${code.slice(10, 16)}有限公司`, legacyCodes: [] },
    });
  const penalty = (code: string, name: string) => {
    const penaltyId = randomUUID();
    return testEnvelope<PenaltyPublishedV1>({
      type: 'double-publicity.penalty-published',
      subjectKey: code,
      stream: `penalty-${penaltyId}`,
      data: {
        penaltyId,
        decisionNumber: `南市监罚〔2025〕R${code.slice(12)}号`,
        subject: { kind: 'LEGAL_PERSON', code, maskedCode: code, name },
        violationType: '虚假宣传',
        violationFacts: '在网站发布虚假广告',
        basis: '《中华人民共和国广告法》第五十五条',
        categories: ['警告'],
        content: '警告',
        decidedOn: '2025-06-03',
        severity: 'GENERAL',
        procedure: 'ORDINARY',
        authority: UNIT,
        sourceUnit: UNIT,
        timely: true,
        publicity: { status: 'PUBLISHED', regime: '2021', from: '2025-06-03', minimumUntil: '2025-09-03', maximumUntil: '2028-06-03' },
      },
    });
  };

  /** Runs the command line as an operator would, with --json, and parses what it printed. */
  async function cli(argv: string[], interruptTarget?: EventEmitter): Promise<{ code: number; out: any; err: string }> {
    let out = '';
    let err = '';
    const code = await runOpsCli([...argv, '--json'], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, topology, interruptTarget });
    return { code, out: out ? JSON.parse(out) : undefined, err };
  }

  /** The human form, for the README's examples (.local/logs/ops-replay-examples.txt). */
  async function human(argv: string[]): Promise<{ code: number; text: string }> {
    let text = '';
    const write = (t: string) => (text += t);
    const code = await runOpsCli(argv, { stdout: { write }, stderr: { write }, topology });
    appendFileSync(join(localDir(), 'logs', 'ops-replay-examples.txt'), `$ npm run ops -- ${argv.join(' ')}\n${text}\n`);
    return { code, text };
  }

  /**
   * Publishes events while the service is stopped, then commits its group's offset past them, as a
   * consumer that skipped them would have: the restarted service never sees them. Returns where they are.
   */
  async function skipped(...events: EventEnvelope[]): Promise<ProbedMessage[]> {
    await service.stop();
    // One request: consecutive offsets of one partition for one subject (a relay's batch).
    const messages = events.map((event) => {
      const checked = eventRegistry.validate(JSON.parse(JSON.stringify(event)));
      if (!checked.ok || topicName(checked.definition.topic) !== TOPIC) throw new Error(`test event ${event.type} breaks the contract`);
      return { key: event.subjectKey ?? event.stream, value: JSON.stringify(event), headers: { type: event.type } };
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: TOPIC, acks: -1, messages });
    await producer.disconnect();
    const ids = events.map((e) => e.id);
    await probe.waitForMessages((e) => ids.includes(e.id), ids.length);
    const found = ids.map((id) => probe.messages.find((m) => m.envelope?.id === id)!);
    const past = new Map<number, bigint>();
    for (const m of found) past.set(m.partition, BigInt(m.offset) + 1n > (past.get(m.partition) ?? 0n) ? BigInt(m.offset) + 1n : past.get(m.partition)!);
    await waitFor(
      async () => {
        try {
          await admin.setOffsets({ groupId: liveGroup, topic: TOPIC, partitions: [...past].map(([partition, offset]) => ({ partition, offset: offset.toString() })) });
          return true;
        } catch {
          return undefined; // the stopped member may hold the group a moment
        }
      },
      { timeoutMs: 30_000, description: 'the live group moved past the skipped events' },
    );
    service.start();
    await service.waitHealthy(90_000);
    // Something published after the restart is applied: the consumer runs, and went on past the skipped ones.
    const marker = registered(freshUscc());
    await publisher.publish(marker);
    await waitFor(async () => (await pageOf(marker.subjectKey!)).status === 200 || undefined, { timeoutMs: 60_000, description: 'the marker on the website' });
    return found;
  }

  /** `--from`/`--to` of exactly these records: offsets when the topic has one partition, else per partition. */
  async function rangeOf(first: ProbedMessage, last: ProbedMessage): Promise<string[]> {
    const end = (BigInt(last.offset) + 1n).toString();
    if ((await admin.fetchTopicOffsets(TOPIC)).length === 1) return ['--from', first.offset, '--to', end, '--topic', TOPIC];
    return ['--from', `${TOPIC}/${first.partition}:${first.offset}`, '--to', `${TOPIC}/${last.partition}:${end}`];
  }

  const replayGroupsLeft = async () => (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${liveGroup}.replay.`));
  const liveOffsets = async () => (await admin.fetchOffsets({ groupId: liveGroup, topics: [TOPIC] }))[0].partitions;
  const inboxRows = (eventId: string) => queryDatabase(db.url, `SELECT consumer_group FROM inbox WHERE event_id = $1`, [eventId]);
  const audits = () =>
    queryDatabase(db.url, `SELECT stream_id, data, actor FROM events WHERE type = 'ops.events-replayed' ORDER BY global_position`);

  beforeAll(async () => {
    mkdirSync(join(localDir(), 'logs'), { recursive: true });
    kafka = new Kafka({ clientId: 'ops-replay-e2e', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    db = await createTestDatabase('ops_replay');
    service = await ServiceProcess.underTest(SERVICE, db);
    liveGroup = service.env.KAFKA_CONSUMER_GROUP;
    opsToken = await mintToken({ sub: FLOW_DEPARTMENT, name: 'credit-ops', roles: ['ops'] });
    topology = {
      services: [{ name: SERVICE, databaseUrl: db.url, consumerGroup: liveGroup, url: service.url }],
      kafkaBrokers: testInfra().kafkaBrokers,
      opsToken: () => mintToken({ sub: FLOW_DEPARTMENT, name: 'credit-ops', roles: ['ops'] }),
    };
    publisher = await TestEventPublisher.connect();
    probe = await KafkaProbe.start({ topic: TOPIC, fromBeginning: false });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await publisher?.disconnect();
    if (liveGroup) await admin.deleteGroups([liveGroup]).catch(() => undefined);
    await admin?.disconnect();
    await db?.drop();
  });

  it('an event the group committed past: a dry run reports it would apply and changes nothing; the replay applies it once; again, it is a duplicate', async () => {
    const event = registered(freshUscc());
    const code = event.subjectKey!;
    const [record] = await skipped(event);
    expect((await pageOf(code)).status).toBe(404);
    expect(await inboxRows(event.id)).toEqual([]);
    const committed = await liveOffsets();
    const range = await rangeOf(record, record);

    // Dry run: one record would apply, with the rows it would write; nothing is committed.
    const dry = await cli(['replay', SERVICE, ...range, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatchObject({
      status: 'DONE',
      dryRun: true,
      consumerGroup: liveGroup,
      replayGroup: `${liveGroup}.replay.${dry.out.replayId}`,
      total: 1,
      processed: 1,
      outcomes: { applied: 1, duplicate: 0, ignored: 0, invalid: 0, parked: 0, failed: 0 },
      byType: { [REGISTERED]: 1 },
      problems: [],
    });
    expect(dry.out.tableChanges).toEqual({
      inbox: { inserted: 1, updated: 0, deleted: 0 },
      subject_events: { inserted: 1, updated: 0, deleted: 0 },
      subject_views: { inserted: 1, updated: 0, deleted: 0 },
    });
    expect((await pageOf(code)).status).toBe(404);
    expect(await inboxRows(event.id)).toEqual([]);
    expect(await queryDatabase(db.url, `SELECT 1 FROM subject_events WHERE event_id = $1`, [event.id])).toEqual([]);
    expect(await replayGroupsLeft()).toEqual([]);
    expect(await liveOffsets()).toEqual(committed);
    // The same in the operator's words (and the README's example).
    const dryText = await human(['replay', SERVICE, ...range, '--dry-run']);
    expect([dryText.code, dryText.text]).toEqual([0, expect.stringContaining('1/1 record(s): 1 would apply, 0 duplicate')]);
    expect(dryText.text).toContain('rows that would change: inbox +1, subject_events +1, subject_views +1');
    expect((await pageOf(code)).status).toBe(404);

    // The replay: applied once, through the live group's inbox.
    const real = await human(['replay', SERVICE, ...range]);
    expect([real.code, real.text]).toEqual([0, expect.stringContaining('1/1 record(s): 1 applied, 0 duplicate')]);
    expect(real.text).toContain('rows changed: inbox +1, subject_events +1, subject_views +1');
    const page = await pageOf(code);
    expect([page.status, page.body?.name ?? page.body?.subject?.name]).toEqual([200, event.data.name]);
    expect(await inboxRows(event.id)).toEqual([{ consumer_group: liveGroup }]);

    // Again: a duplicate, nothing changes.
    const again = await cli(['replay', SERVICE, ...range]);
    expect(again.code).toBe(0);
    expect(again.out).toMatchObject({ status: 'DONE', dryRun: false, total: 1, processed: 1, outcomes: { applied: 0, duplicate: 1 }, tableChanges: {} });
    expect(await inboxRows(event.id)).toHaveLength(1);
    expect(await queryDatabase(db.url, `SELECT count(*)::int AS n FROM subject_events WHERE event_id = $1`, [event.id])).toEqual([{ n: 1 }]);
    expect(await replayGroupsLeft()).toEqual([]);
    expect(await liveOffsets()).toEqual(committed);

    // Each replay audited when it ended, on the service's replay stream, by the operator.
    const audited = await audits();
    expect(audited.map((a) => [a.stream_id, a.data.dryRun, a.data.status, a.data.outcomes.applied, a.data.outcomes.duplicate])).toEqual([
      [`replay-${SERVICE}`, true, 'DONE', 1, 0],
      [`replay-${SERVICE}`, true, 'DONE', 1, 0],
      [`replay-${SERVICE}`, false, 'DONE', 1, 0],
      [`replay-${SERVICE}`, false, 'DONE', 0, 1],
    ]);
    expect(audited[0]).toMatchObject({ actor: { departmentCode: FLOW_DEPARTMENT, user: 'credit-ops' }, data: { service: SERVICE, consumerGroup: liveGroup, replayId: dry.out.replayId, byType: { [REGISTERED]: 1 } } });
    // The progress and the end stay readable after the replay.
    const status = await ops(`/${dry.out.replayId}`, undefined, 'GET');
    expect([status.status, status.body.status, status.body.finishedAt]).toEqual([200, 'DONE', expect.any(String)]);
  }, 300_000);

  it('interrupted mid-record (Ctrl-C): cancelled on the service after that record, and resumed by the command it prints', async () => {
    const code = freshUscc();
    const first = registered(code);
    const second = penalty(code, first.data.name);
    const [r1, r2] = await skipped(first, second);
    expect(BigInt(r2.offset)).toBe(BigInt(r1.offset) + 1n);
    expect((await pageOf(code)).status).toBe(404);

    // Hold the replay up in its first record: the table it writes is locked.
    const lock = new Client({ connectionString: db.url });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE subject_events IN EXCLUSIVE MODE');
    const interrupt = new EventEmitter();
    const running = cli(['replay', SERVICE, ...(await rangeOf(r1, r2))], interrupt);
    try {
      await waitFor(
        async () => {
          const [blocked] = await queryDatabase(db.url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
          const [replay] = await queryDatabase(db.url, `SELECT id FROM event_replays WHERE status = 'RUNNING'`);
          return blocked.n > 0 && replay ? true : undefined;
        },
        { timeoutMs: 30_000, description: 'the replay waits on the locked table' },
      );
      interrupt.emit('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await lock.query('ROLLBACK');
      await lock.end();
    }
    const cancelled = await running;
    expect(cancelled.code).toBe(130);
    expect(cancelled.out).toMatchObject({ status: 'CANCELLED', total: 2, processed: 1, outcomes: { applied: 1 }, byType: { [REGISTERED]: 1 } });
    const next = (BigInt(r2.offset) + 1n).toString();
    expect(cancelled.out.partitions.find((p: { partition: number }) => p.partition === r2.partition)).toMatchObject({ from: r1.offset, to: next, next: r2.offset });
    const resume = cancelled.out.resume.argv as string[];
    expect(resume).toEqual(['replay', SERVICE, '--from', `${TOPIC}/${r2.partition}:${r2.offset}`, '--to', `${TOPIC}/${r2.partition}:${next}`]);
    expect(cancelled.out.resume.command).toBe(`npm run ops -- ${resume.join(' ')}`);
    appendFileSync(join(localDir(), 'logs', 'ops-replay-examples.txt'), `(interrupted with Ctrl-C)\n${formatReplay(cancelled.out)}\nresume with: ${commandLine(resume)}\n\n`);
    // The record in hand was finished: the subject is on the website, its penalty not yet.
    const half = await pageOf(code);
    expect([half.status, half.body.penalties]).toEqual([200, []]);
    expect(await replayGroupsLeft()).toEqual([]);

    const resumed = await human(resume);
    expect([resumed.code, resumed.text]).toEqual([0, expect.stringContaining('1/1 record(s): 1 applied')]);
    const whole = await pageOf(code);
    expect(whole.body.penalties.map((p: { penaltyId?: string; id?: string }) => p.penaltyId ?? p.id)).toEqual([second.data.penaltyId]);
    const [audit] = await queryDatabase(db.url, `SELECT data FROM events WHERE type = 'ops.events-replayed' AND data->>'replayId' = $1`, [cancelled.out.replayId]);
    expect(audit.data).toMatchObject({ status: 'CANCELLED', processed: 1, total: 2, partitions: [expect.objectContaining({ next: r2.offset })] });
  }, 300_000);

  it('bad input: exit 2 from the command line; 400 naming the field, 422 for a range the topic cannot give, 409 while one runs, 403 for a department', async () => {
    const [{ n: before }] = await queryDatabase(db.url, `SELECT count(*)::int AS n FROM event_replays`);
    for (const argv of [
      ['replay', SERVICE, '--from', 'yesterday'],
      ['replay', SERVICE, '--from', '0', '--to', '2026-02-30T00:00:00Z'],
      ['replay', SERVICE, '--from=-5'],
    ]) {
      const refused = await cli(argv);
      expect([argv.join(' '), refused.code, refused.err]).toEqual([argv.join(' '), 2, expect.stringContaining('must be an offset')]);
    }
    expect((await cli(['replay', SERVICE])).code).toBe(2);
    // Readable here, refused by the service (to before from): 400, exit 2.
    expect((await cli(['replay', SERVICE, '--from', '5', '--to', '3'])).code).toBe(2);

    const invalid = async (body: unknown, field: string) => {
      const res = await ops('', body);
      expect([JSON.stringify(body), res.status, res.contentType, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([
        JSON.stringify(body),
        400,
        expect.stringContaining('application/problem+json'),
        [field],
      ]);
    };
    await invalid({ from: 'yesterday' }, 'from');
    await invalid({}, 'from');
    await invalid({ from: 12 }, 'from');
    await invalid({ from: '0', to: '2026-12-07' }, 'to');
    await invalid({ from: '5', to: '3' }, 'to');
    await invalid({ from: '0', dryRun: 'yes' }, 'dryRun');
    await invalid({ from: '0', topic: 'no such topic' }, 'topic');
    await invalid({ from: '0', extra: 1 }, 'extra');

    const high = (await admin.fetchTopicOffsets(TOPIC)).reduce((max, p) => (BigInt(p.high) > max ? BigInt(p.high) : max), 0n);
    const empty = await ops('', { from: (high + 1000n).toString(), topic: TOPIC });
    expect([empty.status, empty.body.rule]).toEqual([422, 'replay.range-not-empty']);
    const future = await ops('', { from: '2099-01-01T00:00:00Z' });
    expect([future.status, future.body.rule]).toEqual([422, 'replay.range-not-empty']);
    const other = await ops('', { from: '0', topic: 'credit.national-results' });
    expect([other.status, other.body.rule]).toEqual([422, 'replay.topic-consumed']);
    const elsewhere = await ops('', { from: `${TOPICS.reference}/0:0`, topic: TOPIC });
    expect([elsewhere.status, elsewhere.body.rule]).toEqual([422, 'replay.range-on-topics']);
    expect((await cli(['replay', SERVICE, '--from', (high + 1000n).toString(), '--topic', TOPIC])).code).toBe(1);

    // Not for departments: 403; no token: 401.
    const submitter = await mintToken({ sub: FLOW_DEPARTMENT, name: 'e2e-submitter', roles: ['submitter'] });
    expect((await ops('', { from: '0', dryRun: true }, 'POST', submitter)).status).toBe(403);
    expect((await ops('', { from: '0', dryRun: true }, 'POST', '')).status).toBe(401);
    expect((await ops(`/${randomUUID()}`, undefined, 'GET', submitter)).status).toBe(403);
    expect((await ops(`/${randomUUID()}`, undefined, 'GET')).status).toBe(404);
    expect((await ops(`/not-a-uuid/cancel`)).status).toBe(404);
    const [{ n: after }] = await queryDatabase(db.url, `SELECT count(*)::int AS n FROM event_replays`);
    expect(after).toBe(before);

    // One at a time (here one run by another instance, still refreshing its row): 409. A replay that ended cannot be cancelled: 409.
    const runningElsewhere = randomUUID();
    await queryDatabase(
      db.url,
      `INSERT INTO event_replays (id, consumer_group, replay_group, topics, from_position, dry_run, status, total, partitions, outcomes, requested_by)
       VALUES ($1, $2, $3, $4, '0', true, 'RUNNING', 1, '[]', '{}', 'another instance')`,
      [runningElsewhere, liveGroup, `${liveGroup}.replay.${runningElsewhere}`, [TOPIC]],
    );
    try {
      const busy = await ops('', { from: '0', topic: TOPIC, dryRun: true });
      expect([busy.status, busy.body.rule, busy.contentType]).toEqual([409, 'replay.one-at-a-time', expect.stringContaining('application/problem+json')]);
      expect((await cli(['replay', SERVICE, '--from', '0', '--topic', TOPIC, '--dry-run'])).code).toBe(1);
    } finally {
      await queryDatabase(db.url, `DELETE FROM event_replays WHERE id = $1`, [runningElsewhere]);
    }
    const marker = registered(freshUscc());
    await publisher.publish(marker);
    const [record] = await probe.waitForMessages((e) => e.id === marker.id, 1).then(() => probe.messages.filter((m) => m.envelope?.id === marker.id));
    const done = await cli(['replay', SERVICE, ...(await rangeOf(record, record)), '--dry-run']);
    expect([done.code, done.out.status, done.out.outcomes.applied + done.out.outcomes.duplicate]).toEqual([0, 'DONE', 1]);
    const late = await ops(`/${done.out.replayId}/cancel`);
    expect([late.status, late.body.rule]).toEqual([409, 'replay.running']);
  }, 120_000);
});
