/**
 * 修复退出 on withdrawal (domain.md §5): an in-force entry exits (trigger PUBLICITY_WITHDRAWN) when
 * every record of its basis has left publicity, whatever the reason and order, lifting each
 * measure once; an entry with one record still in publicity stays. The compiled service in its own
 * process, on a real PostgreSQL and Kafka, in a fresh database and consumer group. Build first.
 */
import { TOPICS, type EventEnvelope, type PenaltyPublicityWithdrawnV1 } from '@credit/contracts';
import { bearer, freshUscc, testEnvelope, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { blackListEntry, defineMeasure, JointPunishmentFixture, officeToken } from './support/joint-punishment.fixture';

const UNIT_A = freshUscc('12450100');
const UNIT_B = freshUscc('11450100');

describe('exit when every basis record is withdrawn', () => {
  let fixture: JointPunishmentFixture;
  let reviewer: string;
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);

  const withdrawn = (subject: string, penaltyId: string, data: Partial<PenaltyPublicityWithdrawnV1>): EventEnvelope<PenaltyPublicityWithdrawnV1> =>
    testEnvelope<PenaltyPublicityWithdrawnV1>({
      type: 'double-publicity.penalty-publicity-withdrawn',
      subjectKey: subject,
      stream: `penalty-${penaltyId}`,
      data: { penaltyId, reason: 'REVOCATION', document: '南宁市人民政府行政复议决定书〔2025〕8号', withdrawnOn: '2025-09-01', ...data } as PenaltyPublicityWithdrawnV1,
    });
  const typesOn = async (id: string) =>
    (await fixture.query<{ type: string; data: { trigger?: string; measureCode?: string; unitCode?: string } }>(
      `SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`list-entry-${id}`],
    ));
  const statusOf = async (id: string) => (await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(reviewer))).body;
  const recorded = (penaltyIds: string[]) =>
    waitFor(async () => {
      const [{ n }] = await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM withdrawn_records WHERE record_id = ANY($1::text[])`, [penaltyIds]);
      return n === penaltyIds.length;
    }, { timeoutMs: 60_000, description: 'withdrawals consumed' });

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'withdrawals', probeTopics: [TOPICS.subjectEvents], publisher: true });
    const admin = await officeToken('admin');
    reviewer = await officeToken('reviewer');
    await defineMeasure(call, admin, { code: `WD-A-${suffix}`, unitCodes: [UNIT_A], scenarios: ['TENDERING'] });
    await defineMeasure(call, admin, { code: `WD-B-${suffix}`, unitCodes: [UNIT_A, UNIT_B], scenarios: ['GOVERNMENT_PROCUREMENT'] });
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('exits the entry whose last basis record is withdrawn, once; the entry with a record still in publicity stays', async () => {
    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const [p1, p2, p3] = [await fixture.publishPenalty(subject), await fixture.publishPenalty(subject), await fixture.publishPenalty(subject)];
    const both = await call('POST', '/api/v1/list-entries', blackListEntry(subject, [p1, p2]), bearer(reviewer));
    const stillStanding = await call('POST', '/api/v1/list-entries', blackListEntry(subject, [p1, p3]), bearer(reviewer));
    expect(both.status).toBe(201);
    expect(stillStanding.status).toBe(201);
    const id: string = both.body.id;

    // The first record leaves publicity (revoked on review): both entries still stand on another one.
    await fixture.events.publish(withdrawn(subject, p1, {}));
    await recorded([p1]);
    expect((await statusOf(id)).status).toBe('IN_FORCE');
    expect((await statusOf(stillStanding.body.id)).status).toBe('IN_FORCE');

    // The last record of the first entry goes (an objection upheld), delivered twice.
    const last = withdrawn(subject, p2, { reason: 'OBJECTION', objectionId: randomUUID(), document: undefined });
    await fixture.events.publish(last, last);
    const exited = await fixture.probe.waitForMessage((e) => e.stream === `list-entry-${id}` && e.type === 'joint-punishment.list-entry-exited', 60_000);
    expect(exited).toMatchObject({ causationId: last.id, data: { listEntryId: id, trigger: 'PUBLICITY_WITHDRAWN' } });
    // Give a second (wrong) exit of the duplicate delivery time to show up.
    await new Promise((r) => setTimeout(r, 2000));

    const view = await statusOf(id);
    expect(view).toMatchObject({ status: 'EXITED', exit: { trigger: 'PUBLICITY_WITHDRAWN' } });
    expect(view.measures.map((m: { status: string }) => m.status)).toEqual(['LIFTED', 'LIFTED', 'LIFTED']);
    const stored = await typesOn(id);
    expect(stored.filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(1);
    const lifted = stored.filter((e) => e.type === 'joint-punishment.measure-lifted').map((e) => `${e.data.measureCode}|${e.data.unitCode}`);
    expect(lifted.sort()).toEqual([`WD-A-${suffix}|${UNIT_A}`, `WD-B-${suffix}|${UNIT_A}`, `WD-B-${suffix}|${UNIT_B}`].sort());

    const standing = await statusOf(stillStanding.body.id);
    expect(standing.status).toBe('IN_FORCE');
    expect(standing.measures.every((m: { status: string }) => m.status === 'APPLIED')).toBe(true);
    // Nothing after the listing (created, applied, subject notified): no exit, no lift.
    const listing = ['joint-punishment.list-entry-created', 'joint-punishment.measure-applied', 'joint-punishment.subject-notified'];
    expect((await typesOn(stillStanding.body.id)).filter((e) => !listing.includes(e.type))).toEqual([]);
  }, 120_000);
  it('exits an entry whose basis penalty is corrected out of publicity; a correction that keeps it published changes nothing', async () => {
    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const penaltyId = await fixture.publishPenalty(subject, '2025-06-02');
    const entry = await call('POST', '/api/v1/list-entries', blackListEntry(subject, [penaltyId]), bearer(reviewer));
    expect(entry.status).toBe(201);
    const corrected = (status: 'PUBLISHED' | 'NOT_PUBLISHED') =>
      testEnvelope({
        type: 'double-publicity.penalty-corrected',
        subjectKey: subject,
        stream: `penalty-${penaltyId}`,
        data: {
          penaltyId,
          reason: '处罚程序更正为简易程序',
          changes: [{ field: 'procedure', before: 'ORDINARY', after: 'SUMMARY' }],
          previousPublicityStatus: 'PUBLISHED',
          record: {
            penaltyId,
            decisionNumber: `南市监罚〔2025〕${suffix}号`,
            subject: { kind: 'LEGAL_PERSON', code: subject, maskedCode: subject, name: '南宁市示例科技有限公司' },
            violationType: '虚假宣传',
            violationFacts: '在网站发布虚假广告',
            basis: '《中华人民共和国广告法》第五十五条',
            categories: ['警告'],
            content: '警告',
            decidedOn: '2025-06-02',
            severity: 'GENERAL',
            procedure: 'ORDINARY',
            authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
            sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
            timely: true,
            publicity:
              status === 'PUBLISHED'
                ? { status, regime: '2021', from: '2025-06-03', minimumUntil: '2025-09-02', maximumUntil: '2026-06-02' }
                : { status, regime: '2021', reason: 'MINOR_PENALTY' },
          },
        },
      });
    const stillPublished = corrected('PUBLISHED');
    await fixture.events.publish(stillPublished);
    const out = corrected('NOT_PUBLISHED');
    await fixture.events.publish(out);
    const exited = await fixture.probe.waitForMessage((e) => e.stream === `list-entry-${entry.body.id}` && e.type === 'joint-punishment.list-entry-exited', 60_000);
    expect(exited).toMatchObject({ causationId: out.id, data: { trigger: 'PUBLICITY_WITHDRAWN' } });
    expect((await statusOf(entry.body.id)).status).toBe('EXITED');
  }, 120_000);
});
