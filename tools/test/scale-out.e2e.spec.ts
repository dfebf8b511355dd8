/**
 * Beyond one machine: joint-punishment and credit-repair each run as two instances (one database,
 * one consumer group per service, each instance its own process and port) on topics of 4
 * partitions, and 20 repairs run at once. Every application completes once, every linkage unit's
 * measure is lifted once, nothing is dead-lettered or left parked; and when one instance of each
 * service is killed (SIGKILL) right after the approvals, the survivors take over its partitions
 * (and, where it led, the outbox relay) and the same holds. The run has topics of its own
 * (KAFKA_TOPIC_PREFIX), created with KAFKA_PARTITIONS=4, deleted at the end. Build first
 * (`npm run build`).
 */
import { TOPICS } from '@credit/contracts';
import { queryDatabase, RepairPlatform, testInfra, uniqueName, waitFor, type PlatformService, type RepairSubject } from '@credit/testing';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

const SCALED: PlatformService[] = ['joint-punishment', 'credit-repair'];
const PARTITIONS = 4;
const REPAIRS = 20;

describe('the platform scaled out: two instances of joint-punishment and credit-repair on partitioned topics', () => {
  const prefix = `${uniqueName('scale-out')}.`;
  const admin = new Kafka({ clientId: `${prefix}admin`, brokers: testInfra().kafkaBrokers, logLevel: logLevel.ERROR }).admin();
  let platform: RepairPlatform;

  beforeAll(async () => {
    await admin.connect();
    platform = await RepairPlatform.start({
      topicPrefix: prefix,
      env: { KAFKA_PARTITIONS: String(PARTITIONS) },
      instances: { 'joint-punishment': 2, 'credit-repair': 2 },
    });
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
    const mine = (await admin.listTopics().catch(() => [] as string[])).filter((topic) => topic.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  });

  /** Partitions of the run's subject topic held by each live member of a service's consumer group. */
  async function assignments(service: PlatformService): Promise<number[][]> {
    const group = platform.env[service].KAFKA_CONSUMER_GROUP;
    const { groups } = await admin.describeGroups([group]);
    return groups[0].members.map((member) => {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      return [...(decoded?.assignment[`${prefix}${TOPICS.subjectEvents}`] ?? [])].sort((a, b) => a - b);
    });
  }

  /** Each member of the group holds part of the partitions, and together all of them. */
  async function sharedBy(service: PlatformService, members: number): Promise<number[][]> {
    return waitFor(
      async () => {
        const held = await assignments(service);
        const all = held.flat().sort((a, b) => a - b);
        const complete = held.length === members && held.every((p) => p.length > 0) && all.join() === [...Array(PARTITIONS).keys()].join();
        return complete ? held : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: `${service}'s ${PARTITIONS} partitions shared by ${members} live member(s)` },
    );
  }

  /** Subjects prepared a few at a time (each waits on events crossing the platform). */
  async function prepareSubjects(count: number): Promise<RepairSubject[]> {
    const subjects: RepairSubject[] = [await platform.prepareSubject()];
    while (subjects.length < count) {
      const batch = Math.min(5, count - subjects.length);
      subjects.push(...(await Promise.all(Array.from({ length: batch }, () => platform.prepareSubject()))));
    }
    return subjects;
  }

  async function countRows(service: PlatformService, sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await queryDatabase<{ n: number }>(platform.databases[service].url, sql, params);
    return row.n;
  }

  /** Every application completed once, every measure lifted once per unit, nothing dead-lettered or parked. */
  async function expectEachRepairOnce(subjects: RepairSubject[], applications: string[]): Promise<void> {
    let pending: unknown[] = [];
    const waitStarted = Date.now();
    await waitFor(
      async () => {
        const states = await Promise.all(applications.map(async (id) => ({ id, ...(await platform.application(id)) })));
        pending = states
          .filter((a) => a.status !== 'COMPLETED')
          .map((a) => ({ id: a.id, status: a.status, waiting: a.effects.filter((e) => e.status !== 'DONE').map((e) => `${e.service} ${e.effect} ${e.status}`) }));
        return pending.length === 0;
      },
      { timeoutMs: 180_000, intervalMs: 1_000, description: `${applications.length} repair applications COMPLETED` },
    ).then(
      () => process.stdout.write(`scale-out: ${applications.length} applications COMPLETED after ${Date.now() - waitStarted} ms\n`),
      (error: Error) => {
        throw new Error(`${error.message}\nnot completed: ${JSON.stringify(pending, null, 1)}`);
      },
    );
    for (const [i, subject] of subjects.entries()) {
      const applicationId = applications[i];
      expect({ applicationId, problems: await platform.repairedEverywhere(subject, applicationId) }).toEqual({ applicationId, problems: [] });
      const completions = await countRows('credit-repair', `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'credit-repair.repair-completed'`, [
        `repair-${applicationId}`,
      ]);
      expect({ applicationId, completions }).toEqual({ applicationId, completions: 1 });
      // Per linkage unit, one lift event (repairedEverywhere counts them all together).
      const lifts = await queryDatabase<{ unit: string; n: number }>(
        platform.databases['joint-punishment'].url,
        `SELECT data->>'unitCode' AS unit, count(*)::int AS n FROM events
          WHERE type = 'joint-punishment.measure-lifted' AND data->>'listEntryId' = $1 AND data->>'measureCode' = $2
          GROUP BY 1 ORDER BY 1`,
        [subject.listEntryId, subject.measureCode],
      );
      expect(lifts).toEqual([...platform.linkageUnits].sort().map((unit) => ({ unit, n: 1 })));
    }
    expect(Object.values(await platform.deadLetters()).every((n) => n === 0)).toBe(true);
    // Parking is normal on the way (an event ahead of what it refers to); at the end nothing waits.
    await waitFor(
      async () => {
        for (const service of Object.keys(platform.databases) as PlatformService[]) {
          if ((await countRows(service, 'SELECT count(*)::int AS n FROM parked_events')) > 0) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'no event parked in any service' },
    );
    expect(await platform.deadLetters()).toEqual(Object.fromEntries(Object.keys(platform.databases).map((s) => [s, 0])));
  }

  it(`runs the topics with ${PARTITIONS} partitions, shared by both instances of each scaled service`, async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [`${prefix}${TOPICS.subjectEvents}`, `${prefix}${TOPICS.reference}`] });
    expect(topics.map((t) => t.partitions.length)).toEqual([PARTITIONS, PARTITIONS]);
    for (const service of SCALED) {
      expect(platform.instancesOf(service)).toHaveLength(2);
      await sharedBy(service, 2);
    }
  }, 120_000);

  it(`completes ${REPAIRS} concurrent repairs, each once, each measure lifted once`, async () => {
    const started = Date.now();
    const subjects = await prepareSubjects(REPAIRS);
    const prepared = Date.now();
    const applications = await Promise.all(subjects.map((subject) => platform.applyForRepair(subject)));
    await Promise.all(applications.map((id) => platform.approve(id)));
    process.stdout.write(`scale-out: ${REPAIRS} subjects prepared in ${prepared - started} ms, applied and approved in ${Date.now() - prepared} ms\n`);
    await expectEachRepairOnce(subjects, applications);
    // The subjects' events spread over the partitions (keyed by subject), so both instances worked.
    const partitions = await countRows('joint-punishment', `SELECT count(DISTINCT kafka_partition)::int AS n FROM inbox WHERE topic = $1`, [TOPICS.subjectEvents]);
    expect(partitions).toBeGreaterThanOrEqual(2);
  }, 480_000);

  it(`completes ${REPAIRS} concurrent repairs when one instance of each service is killed after the approvals`, async () => {
    const started = Date.now();
    const subjects = await prepareSubjects(REPAIRS);
    const prepared = Date.now();
    const applications = await Promise.all(subjects.map((subject) => platform.applyForRepair(subject)));
    await Promise.all(applications.map((id) => platform.approve(id)));
    process.stdout.write(`scale-out: ${REPAIRS} subjects prepared in ${prepared - started} ms, applied and approved in ${Date.now() - prepared} ms\n`);
    // The first instance started first: it leads the outbox relay of its database, so its death
    // also hands the relay over. The API then reaches the survivor.
    await Promise.all(SCALED.map((service) => platform.instancesOf(service)[0].kill('SIGKILL')));
    await expectEachRepairOnce(subjects, applications);
    for (const service of SCALED) {
      const [held] = await sharedBy(service, 1);
      expect(held).toEqual([...Array(PARTITIONS).keys()]);
    }
  }, 480_000);
});
