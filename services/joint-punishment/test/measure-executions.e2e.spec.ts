/**
 * 跟踪反馈 end to end (domain.md §5): a black-list entry with three measures over two linkage units
 * goes through the whole loop — applied, executions reported by the units, exit by an approved
 * repair, lifts reported — and the monthly report counts it. The compiled service in its own
 * process, on a real PostgreSQL and Kafka, in a fresh database and consumer group. Build first.
 */
import { TOPICS } from '@credit/contracts';
import { bearer, freshUscc, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { blackListEntry, defineMeasure, JointPunishmentFixture, officeToken, repairApproved, tokenFor } from './support/joint-punishment.fixture';

const PROCUREMENT_CENTRE = freshUscc('12450100');
const TAX_BUREAU = freshUscc('11450100');

/** The current month in Asia/Shanghai, as the report names it. */
const shanghaiMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

describe('measure executions and the monthly feedback', () => {
  let fixture: JointPunishmentFixture;
  let admin: string;
  let reviewer: string;
  let ops: string;
  let procurementUnit: string;
  let taxUnit: string;
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const measures = [
    { code: `EX-PROCUREMENT-${suffix}`, unitCodes: [PROCUREMENT_CENTRE], scenarios: ['GOVERNMENT_PROCUREMENT'] },
    { code: `EX-TRADING-${suffix}`, unitCodes: [PROCUREMENT_CENTRE], scenarios: ['PUBLIC_RESOURCE_TRADING'] },
    { code: `EX-TAX-${suffix}`, unitCodes: [TAX_BUREAU], scenarios: ['FISCAL_FUNDING'] },
  ];
  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  const report = (token: string, body: Record<string, unknown>) => call('POST', '/api/v1/measure-executions', body, bearer(token));
  const monthly = (token = ops, month = shanghaiMonth()) => call('GET', `/api/v1/feedback/monthly?month=${month}`, undefined, bearer(token));

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'executions', probeTopics: [TOPICS.subjectEvents], publisher: true });
    admin = await officeToken('admin');
    reviewer = await officeToken('reviewer');
    ops = await officeToken('ops');
    procurementUnit = await tokenFor(PROCUREMENT_CENTRE, 'procurement-centre', 'submitter');
    taxUnit = await tokenFor(TAX_BUREAU, 'tax-bureau', 'submitter');
    for (const m of measures) await defineMeasure(call, admin, { ...m, name: `限制措施 ${m.code}` });
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('runs the loop for a black-list entry with three measures over two units through exit by repair', async () => {
    const empty = await monthly();
    expect(empty.status).toBe(200);
    expect(empty.body.cityWide).toMatchObject({ measuresApplied: 0, measuresLifted: 0, coverage: { entries: 0, covered: 0, ratio: null } });

    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const created = await call('POST', '/api/v1/list-entries', blackListEntry(subject, [await fixture.publishPenalty(subject)]), bearer(reviewer));
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body.measures).toHaveLength(3);
    const [procurement, trading, tax] = measures.map((m) => m.code);

    // The units report their executions; each refusal leaves nothing behind.
    expect((await report(procurementUnit, { listEntryId: id, measureCode: procurement, unitCode: PROCUREMENT_CENTRE, outcome: 'APPLIED', note: '资格审查中拒绝' })).status).toBe(201);
    const halfway = await monthly();
    expect(halfway.body.cityWide.coverage).toEqual({ entries: 1, covered: 0, ratio: 0 });

    expect((await report(procurementUnit, { listEntryId: id, measureCode: tax, unitCode: TAX_BUREAU, outcome: 'APPLIED' })).status).toBe(403);
    expect((await report(procurementUnit, { listEntryId: randomUUID(), measureCode: procurement, unitCode: PROCUREMENT_CENTRE, outcome: 'APPLIED' })).status).toBe(404);
    // The tax bureau's measure is not the procurement centre's to report, even in its own name.
    expect((await report(procurementUnit, { listEntryId: id, measureCode: tax, unitCode: PROCUREMENT_CENTRE, outcome: 'APPLIED' })).status).toBe(403);
    expect((await report(procurementUnit, { listEntryId: id, measureCode: 'NO-SUCH-MEASURE', unitCode: PROCUREMENT_CENTRE, outcome: 'APPLIED' })).status).toBe(422);
    const early = await report(procurementUnit, { listEntryId: id, measureCode: trading, unitCode: PROCUREMENT_CENTRE, outcome: 'LIFTED' });
    expect(early.status).toBe(422);
    expect((await report(procurementUnit, { listEntryId: id, measureCode: trading, unitCode: PROCUREMENT_CENTRE, outcome: 'DONE' })).status).toBe(400);

    const applied = await report(procurementUnit, { listEntryId: id, measureCode: trading, unitCode: PROCUREMENT_CENTRE, outcome: 'APPLIED' });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ listEntryId: id, measureCode: trading, unitCode: PROCUREMENT_CENTRE, outcome: 'APPLIED' });
    // An admin may report for a unit (e.g. on its paper report).
    expect((await report(admin, { listEntryId: id, measureCode: tax, unitCode: TAX_BUREAU, outcome: 'NOT_APPLICABLE', note: '本月无财政资金申请' })).status).toBe(201);

    const reported = await fixture.probe.waitForMessages((e) => e.type === 'joint-punishment.measure-execution-reported' && e.stream === `list-entry-${id}`, 3, 30_000);
    expect(reported.map((e) => e.subjectKey)).toEqual([subject, subject, subject]);

    // 修复退出: an approved repair of the entry, as credit-repair publishes it.
    const repair = repairApproved(subject, { type: 'LIST_ENTRY', id });
    await fixture.events.publish(repair);
    // Other copies of this service on a shared broker acknowledge the repair too (with no entry): wait for this one's exit.
    await waitFor(async () => (await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(reviewer))).body.status === 'EXITED', {
      timeoutMs: 90_000,
      description: 'the entry exited by the repair',
    });

    expect((await report(procurementUnit, { listEntryId: id, measureCode: procurement, unitCode: PROCUREMENT_CENTRE, outcome: 'LIFTED' })).status).toBe(201);
    expect((await report(procurementUnit, { listEntryId: id, measureCode: trading, unitCode: PROCUREMENT_CENTRE, outcome: 'LIFTED' })).status).toBe(201);
    expect((await report(taxUnit, { listEntryId: id, measureCode: tax, unitCode: TAX_BUREAU, outcome: 'LIFTED' })).status).toBe(201);

    // Every measure applied once and lifted once, on the entry's stream.
    const onStream = fixture.probe.envelopes.filter((e) => e.stream === `list-entry-${id}`);
    const pairs = (type: string) =>
      onStream
        .filter((e) => e.type === type)
        .map((e) => `${(e.data as { measureCode: string }).measureCode}|${(e.data as { unitCode: string }).unitCode}`)
        .sort();
    const expected = [`${procurement}|${PROCUREMENT_CENTRE}`, `${trading}|${PROCUREMENT_CENTRE}`, `${tax}|${TAX_BUREAU}`].sort();
    expect(pairs('joint-punishment.measure-applied')).toEqual(expected);
    expect(pairs('joint-punishment.measure-lifted')).toEqual(expected);
    expect(onStream.filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(1);

    const month = await monthly();
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({
      month: shanghaiMonth(),
      cityWide: {
        measuresApplied: 3,
        measuresLifted: 3,
        executions: { APPLIED: 2, NOT_APPLICABLE: 1, LIFTED: 3, total: 6 },
        coverage: { entries: 1, covered: 1, ratio: 1 },
      },
    });
    expect(month.body.units).toEqual([
      {
        unitCode: TAX_BUREAU,
        measuresApplied: 1,
        measuresLifted: 1,
        executions: { APPLIED: 0, NOT_APPLICABLE: 1, LIFTED: 1, total: 2 },
        coverage: { entries: 1, covered: 1, ratio: 1 },
      },
      {
        unitCode: PROCUREMENT_CENTRE,
        measuresApplied: 2,
        measuresLifted: 2,
        executions: { APPLIED: 2, NOT_APPLICABLE: 0, LIFTED: 2, total: 4 },
        coverage: { entries: 1, covered: 1, ratio: 1 },
      },
    ].sort((a, b) => a.unitCode.localeCompare(b.unitCode)));

    // Another month knows nothing of it; the report is for reviewers, ops and admins only.
    expect((await monthly(ops, '2020-01')).body.cityWide.measuresApplied).toBe(0);
    expect((await monthly(procurementUnit)).status).toBe(403);
    expect((await monthly(ops, '2025-13')).status).toBe(400);
  }, 180_000);
});
