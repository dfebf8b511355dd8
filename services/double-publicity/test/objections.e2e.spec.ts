/**
 * Objections (异议) to published penalty records over HTTP and Kafka: the compiled service in its
 * own process on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, newEventId } from '@credit/contracts';
import { todayInShanghai, WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { CalendarService, PlatformConfig, RestrictedReads } from '@credit/platform';
import { freshCitizenId, freshUscc, mintToken, testEnvelope, TestEventPublisher, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DoublePublicityConfig, type DoublePublicityEnv } from '../src/config';
import type { CorrectionsService } from '../src/corrections/corrections.service';
import { ObjectionCalendarReaction } from '../src/objections/objection-calendar.reaction';
import { ObjectionsService } from '../src/objections/objections.service';
import { ObjectionOverdueScheduler } from '../src/schedules/objection-overdue.scheduler';
import { as, DEPARTMENT, license, OTHER_DEPARTMENT, penalty, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity objections (异议)', () => {
  // The service's own overdue scan runs at start-up only: the holiday test below drives the scan with its own clock.
  const h = useDoublePublicity('objections', { env: { OBJECTION_OVERDUE_SCAN_SECONDS: '86400' } });
  const { call } = h;

  const published = async (over: Record<string, unknown> = {}) => {
    const body = penalty(over);
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    return { id: created.body.id as string, code: body.subject.code as string };
  };


  it('files an objection: 201 OPEN, due at the end of the 5th working day; objection-filed reaches the topic', async () => {
    const record = await published();
    const correlationId = randomUUID();
    const filed = await call(
      'POST',
      '/api/v1/objections',
      { recordId: record.id, subjectCode: record.code, reason: '处罚决定已被复议撤销', contact: '0771-1234567' },
      as(h.tokens.reader, { 'x-correlation-id': correlationId }),
    );
    expect(filed.status).toBe(201);
    const deadline = new WorkingDayCalendar().deadline(todayInShanghai(), 5);
    expect(filed.body).toEqual({ id: expect.any(String), status: 'OPEN', dueBy: deadline.dueBy, dueByProvisional: deadline.provisional });
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'double-publicity.objection-filed',
      subjectKey: record.code,
      data: { objectionId: filed.body.id, recordId: record.id, recordType: 'PENALTY', maskedCode: record.code },
    });
  });

  it('upheld: the record is withdrawn from publicity with reason OBJECTION, in the same step; a second resolution is refused', async () => {
    const record = await published();
    const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '主体信息错误', contact: 'a@example.cn' }, as(h.tokens.reader));
    const correlationId = randomUUID();
    const resolved = await call(
      'POST',
      `/api/v1/objections/${filed.body.id}/resolution`,
      { outcome: 'UPHELD', note: '经核实主体信息有误，撤下公示' },
      as(h.tokens.reviewer, { 'x-correlation-id': correlationId }),
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: filed.body.id, status: 'RESOLVED', outcome: 'UPHELD', late: false, recordPublicity: 'WITHDRAWN' });

    const read = await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader));
    expect(read.body.publicity).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'OBJECTION', objectionId: filed.body.id } });
    const events = await h.probe.waitForMessages((e) => e.correlationId === correlationId, 2, 30_000);
    expect(events.map((e) => e.type).sort()).toEqual(['double-publicity.objection-resolved', 'double-publicity.penalty-publicity-withdrawn']);
    for (const e of events) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });

    const again = await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'REJECTED', note: '改判' }, as(h.tokens.reviewer));
    // A conflict with the objection's state (already resolved), not a rule that may allow it later.
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'objection.resolved-once' });

    // Done on the website once credit-portal says its page shows the withdrawal: recorded on the objection.
    expect((await call('GET', `/api/v1/objections/${filed.body.id}`, undefined, as(h.tokens.reviewer))).body.websiteUpdatedAt).toBeUndefined();
    const publisher = await TestEventPublisher.connect({ clientId: 'double-publicity-objections-e2e' });
    try {
      await publisher.publish(
        testEnvelope({
          type: 'credit-portal.website-updated',
          subjectKey: record.code,
          stream: `website-update-${randomUUID()}`,
          data: { change: 'OBJECTION_UPHELD', objectionId: filed.body.id, recordId: record.id },
          correlationId,
        }),
      );
    } finally {
      await publisher.disconnect();
    }
    const acknowledged = await waitFor(
      async () => {
        const objection = await call('GET', `/api/v1/objections/${filed.body.id}`, undefined, as(h.tokens.reviewer));
        return objection.body.websiteUpdatedAt ? objection.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the website acknowledgement recorded on the objection' },
    );
    expect(acknowledged).toMatchObject({ outcome: 'UPHELD', websiteUpdatedAt: expect.any(String) });
  });

  it('rejected: the record stays in publicity', async () => {
    const record = await published();
    const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '不服', contact: '0771-7654321' }, as(h.tokens.reader));
    const resolved = await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'REJECTED', note: '处罚决定合法有效' }, as(h.tokens.reviewer));
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', outcome: 'REJECTED', recordPublicity: 'PUBLISHED' });
    const read = await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader));
    expect(read.body.publicity.status).toBe('PUBLISHED');
  });

  it("accepts a natural person's objection by ID number, keeping the number out of the answer and the event", async () => {
    const idNumber = freshCitizenId();
    const record = await published({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber } });
    const correlationId = randomUUID();
    const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: idNumber, reason: '并非本人', contact: '13800000000' }, as(h.tokens.reader, { 'x-correlation-id': correlationId }));
    expect(filed.status).toBe(201);
    expect(filed.text).not.toContain(idNumber);
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(JSON.stringify(event)).not.toContain(idNumber);
    expect(event.subjectKey).toMatch(/^NP-/);
  });

  it('refuses: another subject (422), an unpublished record (422), unknown ids (404), bad input (400), a non-reviewer resolving (403)', async () => {
    const record = await published();
    const otherSubject = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: freshUscc(), reason: '不服', contact: 'x' }, as(h.tokens.reader));
    expect(otherSubject.status).toBe(422);
    expect(otherSubject.body).toMatchObject({ rule: 'objection.subject-of-record' });

    const withheld = await published({ disclosure: { public: false, reason: '涉及商业秘密' } });
    const unpublished = await call('POST', '/api/v1/objections', { recordId: withheld.id, subjectCode: withheld.code, reason: '不服', contact: 'x' }, as(h.tokens.reader));
    expect(unpublished.status).toBe(422);
    expect(unpublished.body).toMatchObject({ rule: 'objection.record-in-publicity' });

    expect((await call('POST', '/api/v1/objections', { recordId: newEventId(), subjectCode: record.code, reason: '不服', contact: 'x' }, as(h.tokens.reader))).status).toBe(404);
    const bad = await call('POST', '/api/v1/objections', { recordId: 'nope', subjectCode: '91450100MA5K12347D', reason: '', contact: 'x', extra: 1 }, as(h.tokens.reader));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['recordId', 'reason', 'extra']));
    const badCode = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: '91450100MA5K12347D', reason: '不服', contact: 'x' }, as(h.tokens.reader));
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors).toEqual([expect.objectContaining({ field: 'subjectCode' })]);

    const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '不服', contact: 'x' }, as(h.tokens.reader));
    expect((await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'UPHELD', note: 'x' }, as(h.tokens.submitter))).status).toBe(403);
    expect((await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'MAYBE', note: 'x' }, as(h.tokens.reviewer))).status).toBe(400);
    expect((await call('POST', `/api/v1/objections/${newEventId()}/resolution`, { outcome: 'UPHELD', note: 'x' }, as(h.tokens.reviewer))).status).toBe(404);
    expect((await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '不服', contact: 'x' })).status).toBe(401);
  });

  it('refuses an objection to an administrative action record with 422 naming the rule (no correction path), nothing filed', async () => {
    const code = freshUscc();
    const unit = { name: '南宁市市场监督管理局', code: DEPARTMENT };
    const action = await call(
      'POST',
      '/api/v1/administrative-actions',
      {
        actionType: 'ENFORCEMENT',
        decisionNumber: `南市监强〔2026〕${randomUUID().slice(0, 8)}号`,
        subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code },
        content: '查封涉案物品一批',
        decidedOn: todayInShanghai(),
        authority: unit,
        sourceUnit: unit,
      },
      as(h.tokens.submitter),
    );
    expect(action.status).toBe(201);
    const refused = await call('POST', '/api/v1/objections', { recordId: action.body.id, subjectCode: code, reason: '不服', contact: 'x' }, as(h.tokens.reader));
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ rule: 'objection.record-type' });
    expect(refused.body.detail).toContain('administrative action');
    expect(await h.query(`SELECT 1 FROM objections WHERE record_id = $1`, [action.body.id])).toHaveLength(0);
  });

  it('files an objection to a licence record; upheld with corrections, the licence is corrected in the same step', async () => {
    const body = license({ licenseNumber: 'JY14501000099999' });
    const created = await call('POST', '/api/v1/licenses', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    const filed = await call('POST', '/api/v1/objections', { recordId: created.body.id, subjectCode: body.subject.code, reason: '许可证编号有误', contact: '0771-1234567' }, as(h.tokens.reader));
    expect(filed.status).toBe(201);
    expect(filed.body.dueBy).toBe(new WorkingDayCalendar().deadlineOf(todayInShanghai(), 5));

    // A licence has no publicity to withdraw: upholding needs the corrections.
    const bare = await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'UPHELD', note: '属实' }, as(h.tokens.reviewer));
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: 'corrections' })]);
    const wrongField = await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'UPHELD', note: '属实', corrections: { fineAmount: '1.00' } }, as(h.tokens.reviewer));
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.errors).toEqual([expect.objectContaining({ field: 'corrections.fineAmount' })]);

    const correlationId = randomUUID();
    const resolved = await call(
      'POST',
      `/api/v1/objections/${filed.body.id}/resolution`,
      { outcome: 'UPHELD', note: '经核实许可证编号录入错误，予以更正', corrections: { licenseNumber: 'JY14501000099998' } },
      as(h.tokens.reviewer, { 'x-correlation-id': correlationId }),
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', outcome: 'UPHELD', recordType: 'LICENSE', correctionEventId: expect.any(String) });
    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.body.licenseNumber).toBe('JY14501000099998');
    expect(read.body.history.at(-1)).toMatchObject({ eventId: resolved.body.correctionEventId, type: 'double-publicity.license-corrected', data: { objectionId: filed.body.id } });
    const events = await h.probe.waitForMessages((e) => e.correlationId === correlationId, 2, 30_000);
    expect(events.map((e) => e.type).sort()).toEqual(['double-publicity.license-corrected', 'double-publicity.objection-resolved']);
    for (const e of events) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });
  });

  it("谁认定谁修复: another department's reviewer can neither resolve nor correct through the objection, nor read it; ops reads it on record", async () => {
    const record = await published();
    const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '罚款金额有误', contact: 'x' }, as(h.tokens.reader));
    expect(filed.status).toBe(201);
    const otherReviewer = await mintToken({ sub: OTHER_DEPARTMENT, name: 'tax', roles: ['reviewer'] });
    // Even when it calls itself by the source unit's name: the token's sub decides.
    const impostor = await mintToken({ sub: OTHER_DEPARTMENT, name: 'market-regulation', roles: ['reviewer', 'reader'] });
    for (const token of [otherReviewer, impostor]) {
      const rewrite = await call(
        'POST',
        `/api/v1/objections/${filed.body.id}/resolution`,
        { outcome: 'UPHELD', note: '改为壹元', corrections: { fineAmount: '1.00' } },
        as(token),
      );
      expect(rewrite.status).toBe(403);
      expect(rewrite.contentType).toContain('application/problem+json');
      expect((await call('GET', `/api/v1/objections/${filed.body.id}`, undefined, as(token))).status).toBe(403);
    }
    const penalty = await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader));
    expect(penalty.body).toMatchObject({ fineAmount: '5000.00', publicity: { status: 'PUBLISHED' } });
    expect(penalty.body.history.map((e: { type: string }) => e.type)).toEqual(['double-publicity.penalty-published']);
    const objection = await call('GET', `/api/v1/objections/${filed.body.id}`, undefined, as(h.tokens.reviewer));
    expect(objection.body).toMatchObject({ status: 'OPEN' });
    expect(objection.body.history).toHaveLength(1);
    // The source unit's own reads are not recorded; an ops read of another unit's objection is.
    expect(await h.query(`SELECT 1 FROM restricted_reads WHERE resource_id = $1`, [filed.body.id])).toHaveLength(0);
    const ops = await mintToken({ sub: OTHER_DEPARTMENT, name: 'platform-ops', roles: ['ops'] });
    expect((await call('GET', `/api/v1/objections/${filed.body.id}`, undefined, as(ops))).status).toBe(200);
    expect(await h.query(`SELECT reader_unit, resource, owner_units FROM restricted_reads WHERE resource_id = $1`, [filed.body.id])).toEqual([
      { reader_unit: OTHER_DEPARTMENT, resource: 'objection', owner_units: [DEPARTMENT] },
    ]);
  });

  it('upheld with corrections: the penalty is corrected and stays in publicity; invalid corrections change nothing', async () => {
    const record = await published();
    const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '罚款金额有误', contact: 'x' }, as(h.tokens.reader));
    const invalid = await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'UPHELD', note: '更正', corrections: { fineAmount: 'lots' } }, as(h.tokens.reviewer));
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'corrections.fineAmount' })]);
    const rejectedWith = await call('POST', `/api/v1/objections/${filed.body.id}/resolution`, { outcome: 'REJECTED', note: 'x', corrections: { fineAmount: '1.00' } }, as(h.tokens.reviewer));
    expect(rejectedWith.status).toBe(400);

    const resolved = await call(
      'POST',
      `/api/v1/objections/${filed.body.id}/resolution`,
      { outcome: 'UPHELD', note: '经核实罚款金额为两千元', corrections: { fineAmount: '2000.00', content: '罚款两千元' } },
      as(h.tokens.reviewer),
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', outcome: 'UPHELD', recordType: 'PENALTY', recordPublicity: 'PUBLISHED', correctionEventId: expect.any(String) });
    const read = await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader));
    expect(read.body).toMatchObject({ fineAmount: '2000.00', content: '罚款两千元', publicity: { status: 'PUBLISHED' } });
    expect(read.body.history.find((e: { type: string }) => e.type === 'double-publicity.penalty-corrected')).toMatchObject({
      eventId: resolved.body.correctionEventId,
      actor: { departmentCode: DEPARTMENT },
      data: { objectionId: filed.body.id, reason: '经核实罚款金额为两千元' },
    });
  });

  it('is due across the National Day holidays and flagged overdue only after the end of its due day', async () => {
    // Filed Thursday 2026-09-24 (domain.md §8, 2026: Sep 25–27 and Oct 1–7 holidays, Sep 20 and Oct 10 working weekend days).
    // Working days after it: Sep 28 (1), Sep 29 (2), Sep 30 (3), Oct 8 (4), Oct 9 (5): due at the end of Friday Oct 9.
    const record = await published({ decidedOn: '2026-09-18' });
    const dataSource = new DataSource({ type: 'postgres', url: h.db.url });
    await dataSource.initialize();
    try {
      const store = new EventStore(dataSource);
      const config = new DoublePublicityConfig({ SUBJECT_KEY_SECRET: h.service.env.SUBJECT_KEY_SECRET, PII_ENCRYPTION_KEY: h.service.env.PII_ENCRYPTION_KEY } as DoublePublicityEnv, new PlatformConfig());
      const objections = new ObjectionsService(store, dataSource, config, {} as CorrectionsService, new RestrictedReads(dataSource));
      const scheduler = new ObjectionOverdueScheduler(store, config);
      const principal = { departmentCode: DEPARTMENT, name: 'credit-office', roles: ['reader' as const] };
      const filed = await objections.file(
        { recordId: record.id, subjectCode: record.code, reason: '不服', contact: '0771-1234567' },
        { principal, correlationId: randomUUID() },
        new Date('2026-09-24T10:00:00+08:00'),
      );
      expect(filed.dueBy).toBe('2026-10-09T23:59:59.999+08:00');
      const overdue = async () =>
        (await h.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'double-publicity.objection-overdue'`, [`objection-${filed.id}`]))[0].n;

      await scheduler.scan(new Date('2026-10-08T12:00:00+08:00'));
      await scheduler.scan(new Date('2026-10-09T23:59:59.999+08:00'));
      expect(await overdue()).toBe(0);
      // The first moment after it, on the working Saturday Oct 10.
      await scheduler.scan(new Date('2026-10-10T00:00:00.000+08:00'));
      expect(await overdue()).toBe(1);
      const [alert] = await h.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'double-publicity.objection-overdue'`, [`objection-${filed.id}`]);
      expect(alert.data).toMatchObject({ objectionId: filed.id, dueBy: '2026-10-09T23:59:59.999+08:00', detectedOn: '2026-10-10' });
    } finally {
      await dataSource.destroy();
    }
  });

  // Last in the suite: it publishes a 2027 schedule into this service's database.
  it('is due on the provisional 2027 calendar, and recomputed through an event when the credit office publishes 2027', async () => {
    // Filed Monday 2026-12-28. Provisional 2027 (no notice yet): 01-01 元旦, no 调休. Working days after it:
    // Dec 29 (1), 30 (2), 31 (3), Jan 4 (4), Jan 5 (5). A notice that makes Jan 4 a holiday moves it to Jan 6.
    const record = await published({ decidedOn: '2026-12-02' });
    const dataSource = new DataSource({ type: 'postgres', url: h.db.url });
    await dataSource.initialize();
    try {
      const store = new EventStore(dataSource);
      const calendar = new CalendarService(dataSource);
      await calendar.refresh();
      const config = new DoublePublicityConfig({ SUBJECT_KEY_SECRET: h.service.env.SUBJECT_KEY_SECRET, PII_ENCRYPTION_KEY: h.service.env.PII_ENCRYPTION_KEY } as DoublePublicityEnv, new PlatformConfig(), calendar);
      const objections = new ObjectionsService(store, dataSource, config, {} as CorrectionsService, new RestrictedReads(dataSource));
      new ObjectionCalendarReaction(calendar, objections).onModuleInit();
      const principal = { departmentCode: DEPARTMENT, name: 'credit-office', roles: ['reader' as const] };
      const filed = await objections.file(
        { recordId: record.id, subjectCode: record.code, reason: '不服', contact: '0771-1234567' },
        { principal, correlationId: randomUUID() },
        new Date('2026-12-28T10:00:00+08:00'),
      );
      expect(filed).toMatchObject({ dueBy: '2027-01-05T23:59:59.999+08:00', dueByProvisional: true });
      const before = await call('GET', `/api/v1/objections/${filed.id}`, undefined, as(h.tokens.reviewer));
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({
        dueBy: '2027-01-05T15:59:59.999Z',
        dueByProvisional: true,
        calendar: [
          { year: 2026, version: 1, provisional: false },
          { year: 2027, version: 0, provisional: true },
        ],
      });

      // What the service's consumer does with calendar-year-published, in one transaction.
      const publicationId = randomUUID();
      const publication = { year: 2027, version: 1, source: '国务院办公厅关于2027年部分节假日安排的通知（测试）', holidays: [['2027-01-01', '2027-01-04']] as [string, string][], workingWeekendDays: [] };
      await dataSource.transaction((manager) =>
        calendar.applyPublished(manager, publication, { correlationId: publicationId, causationId: null, actor: { departmentCode: DEPARTMENT, user: 'credit-office' } }),
      );
      // The same publication again (a redelivery) changes nothing.
      await dataSource.transaction((manager) =>
        calendar.applyPublished(manager, publication, { correlationId: randomUUID(), causationId: null, actor: { departmentCode: DEPARTMENT, user: 'credit-office' } }),
      );

      const after = await call('GET', `/api/v1/objections/${filed.id}`, undefined, as(h.tokens.reviewer));
      expect(after.body).toMatchObject({
        status: 'OPEN',
        dueBy: '2027-01-06T15:59:59.999Z',
        dueByProvisional: false,
        calendar: [
          { year: 2026, version: 1, provisional: false },
          { year: 2027, version: 1, provisional: false },
        ],
      });
      expect(after.body.history).toEqual([
        expect.objectContaining({ type: 'double-publicity.objection-filed', dueBy: '2027-01-05T23:59:59.999+08:00' }),
        expect.objectContaining({
          type: 'double-publicity.objection-due-date-recomputed',
          previousDueBy: '2027-01-05T15:59:59.999Z',
          dueBy: '2027-01-06T23:59:59.999+08:00',
          movedEarlier: false,
        }),
      ]);
      const [recomputed] = await h.query(`SELECT correlation_id, data FROM events WHERE stream_id = $1 AND type = 'double-publicity.objection-due-date-recomputed'`, [`objection-${filed.id}`]);
      expect(recomputed).toMatchObject({ correlation_id: publicationId, data: { calendarYear: 2027, calendarVersion: 1, recordId: record.id } });
      // On the topic too, valid by the contract.
      const event = await h.probe.waitForMessage((e) => e.type === 'double-publicity.objection-due-date-recomputed' && e.correlationId === publicationId, 30_000);
      expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    } finally {
      await dataSource.destroy();
    }
  });
});
