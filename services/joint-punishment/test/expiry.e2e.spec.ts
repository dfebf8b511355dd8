/**
 * 修复退出 on expiry (domain.md §5), restart-safe: an entry whose validUntil has passed and that no
 * scan has exited yet is exited once the service comes back from a SIGKILL, its measures lifted
 * once, and further restarts add nothing. The compiled service in its own process, on a real
 * PostgreSQL and Kafka, in a fresh database and consumer group. Build first.
 */
import { TOPICS } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { bearer, freshUscc } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { blackListEntry, CREDIT_OFFICE, defineMeasure, JointPunishmentFixture, officeToken } from './support/joint-punishment.fixture';

const UNIT_A = freshUscc('12450100');
const UNIT_B = freshUscc('11450100');

/** The day before an Asia/Shanghai date. */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('exit on expiry across restarts', () => {
  let fixture: JointPunishmentFixture;
  let reviewer: string;
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);

  const eventsOf = (id: string) =>
    fixture.query<{ type: string; version: number; data: { trigger?: string; measureCode?: string; unitCode?: string } }>(
      `SELECT type, version, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`list-entry-${id}`],
    );
  const entry = async (validUntil: string) => {
    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const penaltyId = await fixture.publishPenalty(subject, '2024-02-10');
    return blackListEntry(subject, [penaltyId], { basis: { recordIds: [penaltyId], document: '南市监信〔2024〕3号' }, decidedOn: '2024-03-04', validUntil });
  };

  beforeAll(async () => {
    // Scans an hour apart: after start-up, only the scan at the next start-up can exit anything.
    fixture = await JointPunishmentFixture.start({ name: 'expiry', probeTopics: [TOPICS.subjectEvents], env: { LIST_EXPIRY_SCAN_SECONDS: '3600' } });
    const admin = await officeToken('admin');
    reviewer = await officeToken('reviewer');
    for (const [code, unitCodes] of [[`XP-A-${suffix}`, [UNIT_A]], [`XP-B-${suffix}`, [UNIT_A, UNIT_B]]] as const) {
      await defineMeasure(call, admin, { code, name: `措施 ${code}`, unitCodes: [...unitCodes], scenarios: ['TENDERING'], legalBasis: '《招标投标法实施条例》' });
    }
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('exits an expired entry once after a restart, lifting each measure once; an entry valid until today stays', async () => {
    const today = todayInShanghai();
    const expired = await call('POST', '/api/v1/list-entries', await entry(dayBefore(today)), bearer(reviewer));
    const lastDay = await call('POST', '/api/v1/list-entries', await entry(today), bearer(reviewer));
    expect(expired.status).toBe(201);
    expect(lastDay.status).toBe(201);
    expect(expired.body).toMatchObject({ status: 'IN_FORCE' });
    expect(expired.body.measures).toHaveLength(3);
    const id: string = expired.body.id;

    await fixture.service.kill('SIGKILL');
    await fixture.startService();

    const exited = await fixture.probe.waitForMessage((e) => e.stream === `list-entry-${id}` && e.type === 'joint-punishment.list-entry-exited', 60_000);
    expect(exited).toMatchObject({ version: 2, data: { listEntryId: id, trigger: 'EXPIRY', exitedOn: today }, actor: { departmentCode: CREDIT_OFFICE } });
    const view = await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(reviewer));
    expect(view.body).toMatchObject({ status: 'EXITED', exit: { trigger: 'EXPIRY', exitedOn: today } });
    expect(view.body.measures.map((m: { status: string }) => m.status)).toEqual(['LIFTED', 'LIFTED', 'LIFTED']);

    // Once more: a restart must not exit or lift again.
    await fixture.service.stop();
    await fixture.startService();
    await new Promise((r) => setTimeout(r, 2000));
    const stored = await eventsOf(id);
    expect(stored.filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(1);
    const lifted = stored.filter((e) => e.type === 'joint-punishment.measure-lifted').map((e) => `${e.data.measureCode}|${e.data.unitCode}`);
    expect(lifted.sort()).toEqual([`XP-A-${suffix}|${UNIT_A}`, `XP-B-${suffix}|${UNIT_A}`, `XP-B-${suffix}|${UNIT_B}`].sort());
    const onTopic = fixture.probe.envelopes.filter((e) => e.stream === `list-entry-${id}` && e.type === 'joint-punishment.measure-lifted');
    expect(onTopic).toHaveLength(3);

    const stays = await call('GET', `/api/v1/list-entries/${lastDay.body.id}`, undefined, bearer(reviewer));
    expect(stays.body).toMatchObject({ status: 'IN_FORCE' });
    expect((await eventsOf(lastDay.body.id)).filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(0);
  }, 240_000);
});
