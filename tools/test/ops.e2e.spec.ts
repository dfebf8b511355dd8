/**
 * The operator's command line on the whole platform (every service its own compiled process on a
 * real broker and real databases; build first: `npm run build`): a poison event shows in
 * `ops status` and `ops dead-letters` (discarded through the owning service, audited), `ops trace`
 * follows a repair across the services and names the one that has not taken its hop, and
 * `ops verify` reports a consistent platform as such and finds a planted mismatch, and `ops as-of`
 * shows the repaired penalty before the repair and not after; `ops republish` puts stored events
 * back on the topic (following the relay until it has published them) and no consumer applies them
 * twice.
 */
import { TOPICS } from '@credit/contracts';
import { KafkaProbe, localDir, PLATFORM_SERVICES, queryDatabase, RepairPlatform, testInfra, waitFor } from '@credit/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOpsCli } from '../src/ops/cli';
import { listDeadLetters } from '../src/ops/dead-letters';
import { platformStatus } from '../src/ops/status';
import type { Topology } from '../src/ops/topology';
import { opsTopology } from './support/ops-topology';
import { trace } from '../src/ops/trace';

describe('ops: status, dead letters and trace on a running platform', () => {
  let platform: RepairPlatform;
  let topology: Topology;

  beforeAll(async () => {
    mkdirSync(join(localDir(), 'logs'), { recursive: true });
    platform = await RepairPlatform.start({ run: 'ops' });
    topology = opsTopology(platform);
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
  });

  /**
   * Runs the command line as an operator would, with --json, and parses what it printed. The human
   * form of each run goes to .local/logs/ops-examples.txt (the README's examples come from there).
   */
  async function ops(...argv: string[]): Promise<{ code: number; out: any; err: string }> {
    let out = '';
    let err = '';
    const code = await runOpsCli([...argv, '--json'], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, topology });
    const changesState = ['redrive', 'discard'].includes(argv[1]) || argv[0] === 'republish';
    if (!changesState) {
      let human = '';
      await runOpsCli(argv, { stdout: { write: (t: string) => (human += t) }, stderr: { write: (t: string) => (human += t) }, topology });
      appendFileSync(join(localDir(), 'logs', 'ops-examples.txt'), `$ npm run ops -- ${argv.join(' ')}\n${human}\n`);
    }
    return { code, out: out ? JSON.parse(out) : undefined, err };
  }

  it('a healthy platform: no dead letters, no backlog, status exits 0', async () => {
    await platform.allHealthy();
    const status = await platformStatus(topology);
    expect(status.deadLetters).toBe(0);
    expect(status.services.map((s) => [s.service, s.reachable])).toEqual(PLATFORM_SERVICES.map((name) => [name, true]));
    expect((await ops('status')).code).toBe(0);
  });

  it('a poison event is dead-lettered by every consumer, and shows in status and dead-letters list / show', async () => {
    const kafka = new Kafka({ clientId: 'ops-e2e', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const poison = `{"not json ${randomUUID()}`;
    await producer.send({ topic: TOPICS.subjectEvents, messages: [{ key: `poison-${randomUUID()}`, value: poison }] });
    await producer.disconnect();

    const consumers = topology.services.filter((s) => s.consumerGroup !== undefined).map((s) => s.name).sort();
    const letters = await waitFor(
      async () => {
        const rows = await listDeadLetters(topology, { reason: 'malformed-json' });
        return rows.filter((r) => r.reason === 'malformed-json').length >= consumers.length ? rows : undefined;
      },
      { timeoutMs: 60_000, description: 'every consumer dead-letters the poison record' },
    );
    expect([...new Set(letters.map((l) => l.service))].sort()).toEqual(consumers);

    const status = await ops('status');
    expect(status.code).toBe(1);
    expect(status.out.deadLetters).toBe(consumers.length);
    expect(status.out.services.find((s: { service: string }) => s.service === 'joint-punishment').deadLetters).toEqual({ 'malformed-json': 1 });

    const listed = await ops('dead-letters', 'list', '--service', 'credit-portal');
    expect(listed.out).toEqual([expect.objectContaining({ service: 'credit-portal', reason: 'malformed-json', eventType: null })]);
    const shown = await ops('dead-letters', 'show', listed.out[0].ref);
    expect(shown.out).toMatchObject({ ref: listed.out[0].ref, payload: poison, dlqTopic: expect.stringContaining('.dlq.') });
    expect((await ops('dead-letters', 'show', 'credit-portal:999999999')).code).toBe(1);

    // Not a record any fix can apply: a redrive is refused again (422), a discard says why, once, audited.
    const ref = listed.out[0].ref as string;
    const redriven = await ops('dead-letters', 'redrive', ref);
    expect([redriven.code, redriven.out.status, redriven.out.body.rule]).toEqual([1, 422, 'dead-letter.redrive-applied']);
    const discarded = await ops('dead-letters', 'discard', ref, '--reason', '不是事件：上游误发的测试报文');
    expect([discarded.code, discarded.out]).toEqual([0, { status: 200, body: { deadLetterId: ref.split(':')[1], outcome: 'DISCARDED' } }]);
    expect((await ops('dead-letters', 'discard', ref, '--reason', 'again')).out.status).toBe(409);
    expect((await ops('dead-letters', 'list', '--service', 'credit-portal')).out).toEqual([]);
    expect((await ops('dead-letters', 'list', '--service', 'credit-portal', '--all')).out).toEqual([
      expect.objectContaining({ ref, resolution: expect.objectContaining({ how: 'DISCARDED', note: '不是事件：上游误发的测试报文' }) }),
    ]);
    const audit = await queryDatabase(platform.databases['credit-portal'].url, `SELECT type, data, actor FROM events WHERE type = 'ops.dead-letter-discarded'`);
    expect(audit).toEqual([expect.objectContaining({ data: expect.objectContaining({ deadLetterId: ref.split(':')[1], reason: 'malformed-json', note: '不是事件：上游误发的测试报文' }) })]);
    expect((await platformStatus(topology)).services.find((s) => s.service === 'credit-portal')!.deadLetters).toEqual({});
  });

  it('trace follows a completed repair through every service; with joint-punishment stopped, it names the missing hop', async () => {
    const first = await platform.prepareSubject();
    const second = await platform.prepareSubject();

    const completed = await platform.applyForRepair(first);
    const beforeRepair = new Date().toISOString();
    await platform.approve(completed);
    await platform.completed(completed);
    const afterRepair = new Date().toISOString();

    // What the website showed, from the stored events: the penalty before the repair, not after.
    const then = await ops('as-of', first.code, beforeRepair);
    expect([then.code, then.out.page.penalties.map((p: { penaltyId?: string; id?: string }) => p.penaltyId ?? p.id)]).toEqual([0, [first.penaltyId]]);
    expect(then.out.events.map((e: { type: string }) => e.type)).toContain('double-publicity.penalty-published');
    const now = await ops('as-of', first.code, afterRepair);
    expect(now.out.page.penalties).toEqual([]);
    expect(now.out.events.map((e: { type: string }) => e.type)).toContain('double-publicity.penalty-publicity-withdrawn');
    const traced = (await ops('trace', completed)).out as Awaited<ReturnType<typeof trace>>;
    const approved = traced.events.find((e) => e.type === 'credit-repair.repair-approved');
    expect(approved).toBeDefined();
    expect(approved!.handledBy.map((h) => h.service)).toEqual(expect.arrayContaining(['double-publicity', 'joint-punishment', 'credit-portal', 'national-connector']));
    expect([...new Set(traced.events.map((e) => e.service))]).toEqual(expect.arrayContaining(['credit-repair', 'double-publicity', 'joint-punishment', 'credit-portal', 'national-connector']));
    expect(traced.missing).toEqual([]);
    // Re-published (same ids): the topic carries the penalty's events again, and no consumer applies
    // them twice — the website does not show the repaired penalty again.
    const probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    try {
      const stream = `penalty-${first.penaltyId}`;
      const stored = await queryDatabase<{ event_id: string }>(platform.databases['double-publicity'].url, `SELECT event_id::text FROM events WHERE stream_id = $1 ORDER BY stream_version`, [stream]);
      const again = await ops('republish', 'double-publicity', '--from', '1', '--stream', stream);
      // The command follows the relay until the range has left the outbox; --json prints only the end.
      expect(again.code).toBe(0);
      expect(again.out).toMatchObject({
        status: 200,
        body: { service: 'double-publicity', stream, count: stored.length },
        relay: { published: stored.length, remaining: 0, drained: true, interrupted: false },
      });
      const ids = stored.map((e) => e.event_id);
      await probe.waitForMessages((e) => ids.includes(e.id), ids.length, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await platform.websiteShows(first.code, first.penaltyId)).toBe(false);
      expect(await queryDatabase(platform.databases['double-publicity'].url, `SELECT data->>'count' AS count FROM events WHERE type = 'ops.events-republished'`)).toEqual([{ count: String(stored.length) }]);

      // As an operator sees it (not a terminal here: plain progress lines on stderr), and --no-wait.
      let human = '';
      let progress = '';
      let both = '';
      const argv = ['republish', 'double-publicity', '--from', '1', '--stream', stream];
      const code = await runOpsCli(argv, { stdout: { write: (t: string) => ((human += t), (both += t)) }, stderr: { write: (t: string) => ((progress += t), (both += t)) }, topology });
      appendFileSync(join(localDir(), 'logs', 'ops-examples.txt'), `$ npm run ops -- ${argv.join(' ')}\n${both}\n`);
      expect(code).toBe(0);
      expect(human).toMatch(new RegExp(`^double-publicity: ${stored.length} event\\(s\\) back in the outbox \\(positions 1\\.\\.\\d+\\)\ndouble-publicity: ${stored.length}/${stored.length} published by the relay\n$`));
      expect(progress).toContain("waiting for double-publicity's relay to publish them");
      expect(progress).toMatch(new RegExp(`republish double-publicity: ${stored.length}/${stored.length} events published \\(100%\\), in \\d+s`));
      expect(progress).not.toMatch(/\r|\x1b/);
      const noWait = await ops('republish', 'double-publicity', '--from', '1', '--stream', stream, '--no-wait');
      expect([noWait.code, noWait.out.status, noWait.out.body.count, 'relay' in noWait.out]).toEqual([0, 200, stored.length, false]);
      expect(await platform.websiteShows(first.code, first.penaltyId)).toBe(false);
    } finally {
      await probe.stop();
    }

    // A consistent platform: nothing to report.
    const consistent = await ops('verify');
    expect([consistent.code, consistent.out.mismatches]).toEqual([0, []]);
    expect(consistent.out.checked['completed-repair']).toBeGreaterThanOrEqual(1);

    await platform.services['joint-punishment'].stop();
    const stalled = await platform.applyForRepair(second);
    await platform.approve(stalled);
    const missing = await waitFor(
      async () => {
        const t = await trace(topology, stalled);
        const handledByOthers = t.events.find((e) => e.type === 'credit-repair.repair-approved')?.handledBy.some((h) => h.service === 'double-publicity');
        return handledByOthers ? t : undefined;
      },
      { timeoutMs: 60_000, description: 'double-publicity handles the second approval' },
    );
    expect(missing.missing).toEqual(expect.arrayContaining([expect.stringMatching(/^joint-punishment has not handled credit-repair\.repair-approved .* s after it was published$/)]));
    const printed = await ops('trace', stalled);
    expect(printed.out.missing.join('\n')).toContain('joint-punishment');

    // A planted mismatch: the completed repair's deliveries upstream gone from national-connector's ledger.
    await queryDatabase(platform.databases['national-connector'].url, `DELETE FROM deliveries WHERE correlation_id = $1`, [completed]);
    const planted = await ops('verify');
    expect(planted.code).toBe(1);
    expect(planted.out.mismatches).toEqual([
      { check: 'completed-repair', id: completed, detail: 'COMPLETED, but its result was never delivered to the national platforms', trace: `npm run ops -- trace ${completed}` },
    ]);
  }, 300_000);
});
