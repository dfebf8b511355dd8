/**
 * Corrections of penalty and licence records by their source unit, over HTTP and Kafka: the compiled
 * service in its own process on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, newEventId } from '@credit/contracts';
import {
  apiCaller,
  createTestDatabase,
  freePort,
  freshCitizenId,
  groupAtEndOfSubjectTopic,
  ServiceProcess,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { as, license, penalty, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity corrections (更正)', () => {
  const h = useDoublePublicity('corrections');
  const { call } = h;

  const recorded = async (over: Record<string, unknown> = {}) => {
    const body = penalty(over);
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    return { id: created.body.id as string, body, publicity: created.body.publicity };
  };

  it('corrects descriptive fields: 200 with the corrected record, the change audited in its history, penalty-corrected on the topic', async () => {
    const record = await recorded({ decidedOn: '2026-11-02' });
    const correlationId = randomUUID();
    const corrected = await call(
      'POST',
      `/api/v1/penalties/${record.id}/corrections`,
      { fields: { fineAmount: '3000', content: '罚款三千元' }, reason: '录入时罚款金额有误' },
      as(h.tokens.submitter, { 'x-correlation-id': correlationId }),
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ id: record.id, fineAmount: '3000.00', content: '罚款三千元', violationType: record.body.violationType });
    // Same severity, categories and date: the same window.
    expect(corrected.body.publicity).toMatchObject(record.publicity);
    const correction = corrected.body.history.find((e: { type: string }) => e.type === 'double-publicity.penalty-corrected');
    expect(correction).toMatchObject({
      actor: { departmentCode: record.body.sourceUnit.code, user: 'market-regulation' },
      data: {
        reason: '录入时罚款金额有误',
        changes: [
          { field: 'content', before: '罚款五千元', after: '罚款三千元' },
          { field: 'fineAmount', before: '5000.00', after: '3000.00' },
        ],
      },
    });
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    expect(event).toMatchObject({ type: 'double-publicity.penalty-corrected', id: correction.eventId, data: { penaltyId: record.id, record: { fineAmount: '3000.00' } } });

    // The same correction again changes nothing and appends nothing.
    const again = await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { fineAmount: '3000.00' }, reason: '重复提交' }, as(h.tokens.submitter));
    expect(again.status).toBe(200);
    expect(again.body.history.filter((e: { type: string }) => e.type === 'double-publicity.penalty-corrected')).toHaveLength(1);
  });

  it('recomputes the publicity window when the severity or the decision date is corrected', async () => {
    const record = await recorded({ decidedOn: '2026-11-02' });
    expect(record.publicity).toMatchObject({ status: 'PUBLISHED', from: '2026-11-02', minimumUntil: '2027-02-02', maximumUntil: '2027-11-02' });
    const corrected = await call(
      'POST',
      `/api/v1/penalties/${record.id}/corrections`,
      { fields: { severity: 'SERIOUS', decidedOn: '2026-11-03' }, reason: '情节认定有误' },
      as(h.tokens.submitter),
    );
    expect(corrected.status).toBe(200);
    // 《信用修复管理办法》 (from 2026-04-01): serious, min 1 year, max 3 years from the decision date.
    expect(corrected.body.publicity).toMatchObject({ status: 'PUBLISHED', from: '2026-11-03', minimumUntil: '2027-11-03', maximumUntil: '2029-11-03' });
    expect(corrected.body).toMatchObject({ severity: 'SERIOUS', decidedOn: '2026-11-03' });
  });

  it("corrects a natural person's record without the number ever appearing", async () => {
    const idNumber = freshCitizenId();
    const record = await recorded({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber } });
    const correlationId = randomUUID();
    const corrected = await call(
      'POST',
      `/api/v1/penalties/${record.id}/corrections`,
      { fields: { violationFacts: '经营场所未亮照经营' }, reason: '事实表述更正' },
      as(h.tokens.submitter, { 'x-correlation-id': correlationId }),
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body.subject).toMatchObject({ kind: 'NATURAL_PERSON', code: null, name: '张三' });
    expect(corrected.text).not.toContain(idNumber);
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    expect(JSON.stringify(event)).not.toContain(idNumber);
  });

  it('refuses: unknown or non-correctable fields and invalid values (400 naming fields.<name>), another unit (403), unknown id (404), a revoked record (422)', async () => {
    const record = await recorded();
    const unknown = await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { colour: 'red', decisionNumber: 'x' }, reason: 'x' }, as(h.tokens.submitter));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['fields.colour', 'fields.decisionNumber']);

    const invalid = await call(
      'POST',
      `/api/v1/penalties/${record.id}/corrections`,
      { fields: { fineAmount: '-1', severity: 'MILD', decidedOn: '2099-01-01' }, reason: 'x' },
      as(h.tokens.submitter),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['fields.fineAmount', 'fields.severity']));
    const future = await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { decidedOn: '2099-01-01' }, reason: 'x' }, as(h.tokens.submitter));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'fields.decidedOn' })]);
    // 罚款 without its amount: the intake rule, on the merged record.
    const noAmount = await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { fineAmount: null }, reason: 'x' }, as(h.tokens.submitter));
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.errors).toEqual([expect.objectContaining({ field: 'fields.fineAmount' })]);
    const empty = await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: {}, reason: 'x' }, as(h.tokens.submitter));
    expect(empty.status).toBe(400);
    expect((await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { content: 'x' } }, as(h.tokens.submitter))).status).toBe(400);

    expect((await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { content: '改' }, reason: 'x' }, as(h.tokens.otherSubmitter))).status).toBe(403);
    expect((await call('POST', `/api/v1/penalties/${newEventId()}/corrections`, { fields: { content: '改' }, reason: 'x' }, as(h.tokens.submitter))).status).toBe(404);

    const revoked = await call('POST', `/api/v1/penalties/${record.id}/revocation`, { reason: '复议撤销', document: '南府复决〔2026〕1号' }, as(h.tokens.submitter));
    expect(revoked.status).toBe(200);
    const closed = await call('POST', `/api/v1/penalties/${record.id}/corrections`, { fields: { content: '改' }, reason: 'x' }, as(h.tokens.submitter));
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ rule: 'correction.record-in-publicity' });
    const read = await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader));
    expect(read.body.content).toBe('罚款五千元');
  });

  it('corrects a licence the same way', async () => {
    const body = license({ licenseNumber: 'JY14501000012345' });
    const created = await call('POST', '/api/v1/licenses', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    const correlationId = randomUUID();
    const corrected = await call(
      'POST',
      `/api/v1/licenses/${created.body.id}/corrections`,
      { fields: { licenseNumber: 'JY14501000012346', validUntil: '2031-05-10' }, reason: '许可证编号录入错误' },
      as(h.tokens.submitter, { 'x-correlation-id': correlationId }),
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ licenseNumber: 'JY14501000012346', validUntil: '2031-05-10' });
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    expect(event.data.changes).toEqual([
      { field: 'licenseNumber', before: 'JY14501000012345', after: 'JY14501000012346' },
      { field: 'validUntil', after: '2031-05-10' },
    ]);
    const bad = await call('POST', `/api/v1/licenses/${created.body.id}/corrections`, { fields: { licenseType: '特别' }, reason: 'x' }, as(h.tokens.submitter));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'fields.licenseType' })]);
    expect((await call('POST', `/api/v1/licenses/${created.body.id}/corrections`, { fields: { content: '改' }, reason: 'x' }, as(h.tokens.otherSubmitter))).status).toBe(403);
  });

  describe('a correction that takes a published penalty out of publicity', () => {
    let portalDb: TestDatabase;
    let portal: ServiceProcess;
    const portalCall = apiCaller(() => portal.url);

    beforeAll(async () => {
      portalDb = await createTestDatabase('credit_portal_corrections_e2e');
      // The website reads what happens from now on, not the topic's whole history.
      const groupId = uniqueName('credit-portal-corrections-e2e');
      await groupAtEndOfSubjectTopic(groupId);
      portal = ServiceProcess.start({ name: 'credit-portal', port: await freePort(), env: { DATABASE_URL: portalDb.url, KAFKA_CONSUMER_GROUP: groupId } });
      await portal.waitHealthy(90_000);
    }, 180_000);

    afterAll(async () => {
      await portal?.stop();
      await portalDb?.drop();
    });

    const shown = async (code: string): Promise<string[]> => {
      const page = await portalCall('GET', `/api/v1/public/subjects/${code}`);
      return page.status === 200 ? page.body.penalties.map((p: { id: string }) => p.id) : [];
    };

    it('says so on the topic (penalty-corrected: NOT_PUBLISHED, before PUBLISHED), and the credit website drops the record', async () => {
      // A warning under the ordinary procedure is published; corrected to the summary procedure it is minor (Order 36: not published).
      const record = await recorded({ categories: ['警告'], content: '警告', fineAmount: undefined });
      expect(record.publicity.status).toBe('PUBLISHED');
      const code = record.body.subject.code;
      await waitFor(async () => (await shown(code)).includes(record.id), { timeoutMs: 120_000, intervalMs: 500, description: 'the penalty on the website' });

      const correlationId = randomUUID();
      const corrected = await call(
        'POST',
        `/api/v1/penalties/${record.id}/corrections`,
        { fields: { procedure: 'SUMMARY' }, reason: '适用简易程序，录入有误' },
        as(h.tokens.submitter, { 'x-correlation-id': correlationId }),
      );
      expect(corrected.status).toBe(200);
      expect(corrected.body.publicity).toMatchObject({ status: 'NOT_PUBLISHED', reason: 'MINOR_PENALTY', from: null, maximumUntil: null, publicityDeadline: null });

      const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
      expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
      expect(event).toMatchObject({
        type: 'double-publicity.penalty-corrected',
        subjectKey: code,
        data: {
          penaltyId: record.id,
          previousPublicityStatus: 'PUBLISHED',
          changes: [{ field: 'procedure', before: 'ORDINARY', after: 'SUMMARY' }],
          record: { publicity: { status: 'NOT_PUBLISHED', reason: 'MINOR_PENALTY' } },
        },
      });
      await waitFor(async () => !(await shown(code)).includes(record.id), { timeoutMs: 120_000, intervalMs: 500, description: 'the penalty gone from the website' });
    }, 300_000);
  });
});
