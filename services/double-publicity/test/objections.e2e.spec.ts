/**
 * Objections (异议) to published penalty records over HTTP and Kafka: the compiled service in its
 * own process on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, newEventId } from '@credit/contracts';
import { todayInShanghai, WorkingDayCalendar } from '@credit/domain-kernel';
import { freshCitizenId, freshUscc } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { as, penalty, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity objections (异议)', () => {
  const h = useDoublePublicity('objections');
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
    expect(filed.body).toEqual({ id: expect.any(String), status: 'OPEN', dueBy: new WorkingDayCalendar().deadlineOf(todayInShanghai(), 5) });
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
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ rule: 'objection.resolved-once' });
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
});
