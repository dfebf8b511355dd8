/**
 * double-publicity as department systems and the repair flow meet it: the compiled service in its
 * own process, over HTTP, on a real PostgreSQL and a real Kafka broker. Build first
 * (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, newEventId, type EventEnvelope, type RepairApprovedV1 } from '@credit/contracts';
import { maskIdNumber, todayInShanghai } from '@credit/domain-kernel';
import { freshCitizenId, freshUscc, mintToken, testEnvelope, TestEventPublisher, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { as, DEPARTMENT, OTHER_DEPARTMENT, penalty as basePenalty, useDoublePublicity } from './support/double-publicity.fixture';

/** A penalty naming the subject's legal representative. */
const penalty = (over: Record<string, unknown> = {}) =>
  basePenalty({ subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: freshUscc(), legalRepresentative: '李四' }, ...over });

describe('double-publicity over HTTP and Kafka', () => {
  const h = useDoublePublicity('main', { env: { LOG_LEVEL: 'debug' } });
  const { call, query } = h;
  let publisher: TestEventPublisher;

  beforeAll(async () => {
    publisher = await TestEventPublisher.connect({ clientId: 'double-publicity-e2e' });
  });

  afterAll(async () => {
    await publisher?.disconnect();
  });

  /** What credit-repair appends on approval, as it reaches the topic. */
  const repairApproved = (penaltyId: string, subjectKey: string): EventEnvelope<RepairApprovedV1> => {
    const applicationId = newEventId();
    return testEnvelope<RepairApprovedV1>({
      type: 'credit-repair.repair-approved',
      subjectKey,
      stream: `repair-${applicationId}`,
      streamVersion: 2,
      correlationId: applicationId,
      actor: { departmentCode: DEPARTMENT, user: 'reviewer' },
      data: {
        applicationId,
        target: { type: 'PENALTY', id: penaltyId },
        decidedOn: todayInShanghai(),
        reason: '已履行处罚义务并作出信用修复承诺',
        decidingUnitCode: DEPARTMENT,
      },
    });
  };
  const publish = (event: EventEnvelope) => publisher.publish(event);


  it('records a penalty: 201 with its publicity window, and penalty-published reaches the topic keyed by the subject', async () => {
    const body = penalty();
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    const today = todayInShanghai();
    // From 2026-04-01 (Order 36): a general penalty is published for at least 3 months, at most 1 year.
    expect(created.body).toEqual({
      id: expect.any(String),
      timely: true,
      // How it was judged: the end of the 7th working day after the decision, and the calendar of its days.
      timeliness: { dueBy: expect.stringMatching(/T23:59:59\.999\+08:00$/), calendar: expect.arrayContaining([expect.objectContaining({ year: Number(today.slice(0, 4)) })]) },
      publicity: expect.objectContaining({ status: 'PUBLISHED', from: today, minimumUntil: expect.any(String), maximumUntil: expect.any(String) }),
    });
    expect(created.body.publicity.maximumUntil > created.body.publicity.minimumUntil).toBe(true);

    const code = body.subject.code;
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const message = h.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.key).toBe(code);
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'double-publicity.penalty-published',
      version: 1,
      stream: `penalty-${created.body.id}`,
      streamVersion: 1,
      subjectKey: code,
      actor: { departmentCode: DEPARTMENT },
      data: {
        penaltyId: created.body.id,
        subject: { kind: 'LEGAL_PERSON', code, maskedCode: code, name: body.subject.name },
        categories: ['罚款'],
        fineAmount: '5000.00',
        severity: 'GENERAL',
        publicity: { status: 'PUBLISHED', from: today, minimumUntil: created.body.publicity.minimumUntil },
      },
    });

    const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, decisionNumber: body.decisionNumber, publicity: { status: 'PUBLISHED' } });
    expect(read.body.history.map((h: { type: string }) => h.type)).toEqual(['double-publicity.penalty-published']);
  });

  it.each([
    ['a subject code with a wrong check character', { subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }, 'subject.code'],
    ['a fine category without fineAmount', { fineAmount: undefined }, 'fineAmount'],
    ['a decision date that does not exist', { decidedOn: '2025-02-30' }, 'decidedOn'],
    ['a category outside 行政处罚法 art. 9', { categories: ['罚没'] }, 'categories'],
    ['a negative fine', { fineAmount: '-5.00' }, 'fineAmount'],
    ['an authority code with a wrong check character', { authority: { name: '某局', code: '11450100007712342G' } }, 'authority.code'],
  ])('refuses %s: 400 problem+json naming the field, nothing published', async (_case, over, field) => {
    const correlationId = randomUUID();
    const refused = await call('POST', '/api/v1/penalties', penalty(over), as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.probe.envelopes.some((e) => e.correlationId === correlationId)).toBe(false);
  });

  it('refuses the same decision of the same authority twice with 409', async () => {
    const body = penalty();
    expect((await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter))).status).toBe(201);
    const again = await call('POST', '/api/v1/penalties', { ...body, subject: { ...body.subject, name: '另一家公司' } }, as(h.tokens.submitter));
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM penalties WHERE decision_number = $1`, [body.decisionNumber]);
    expect(n).toBe(1);
  });

  it('answers 403 to a department that is not the source unit, and to a role that may not submit; 401 without a token', async () => {
    const body = penalty();
    const foreign = await call('POST', '/api/v1/penalties', body, as(h.tokens.otherSubmitter));
    expect(foreign.status).toBe(403);
    expect(foreign.contentType).toContain('application/problem+json');
    expect((await call('POST', '/api/v1/penalties', body, as(h.tokens.reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/penalties', body)).status).toBe(401);
  });

  it("keeps a natural person's ID number out of the response, the event and the logs", async () => {
    const idNumber = freshCitizenId();
    const correlationId = randomUUID();
    const body = penalty({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber }, violationFacts: `当事人张三（${idNumber}）无证经营` });
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(idNumber);
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const raw = h.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(raw.key).toMatch(/^NP-/);
    expect(raw.value).not.toContain(idNumber);
    expect(event.data).toMatchObject({ subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: maskIdNumber(idNumber), name: '张三' } });
    const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.text).not.toContain(idNumber);
    expect(h.service.logs()).not.toContain(idNumber);
  });

  it('keeps a withheld record unpublished, with the reason', async () => {
    const created = await call('POST', '/api/v1/penalties', penalty({ disclosure: { public: false, reason: '涉及商业秘密' } }), as(h.tokens.submitter));
    expect(created.status).toBe(201);
    expect(created.body.publicity).toMatchObject({ status: 'NOT_PUBLISHED', from: null, minimumUntil: null, maximumUntil: null, reason: 'DISCLOSURE_WITHHELD', note: '涉及商业秘密' });
  });

  it('withdraws a penalty from publicity exactly once when its repair approval is delivered twice', async () => {
    const body = penalty();
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    const second = await call('POST', '/api/v1/penalties', penalty({ subject: body.subject }), as(h.tokens.submitter));
    expect(second.status).toBe(201);
    const repair = repairApproved(created.body.id, body.subject.code);
    await publish(repair);
    await publish(repair);
    // Same subject, same partition, published after the duplicate: once its effect is visible, the
    // duplicate has been consumed too.
    const marker = repairApproved(second.body.id, body.subject.code);
    await publish(marker);

    const withdrawn = await h.probe.waitForMessage(
      (e) => e.type === 'double-publicity.penalty-publicity-withdrawn' && e.correlationId === repair.correlationId,
      60_000,
    );
    const message = h.probe.messages.find((m) => m.envelope?.id === withdrawn.id)!;
    expect(message.key).toBe(body.subject.code);
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(withdrawn).toMatchObject({
      stream: `penalty-${created.body.id}`,
      streamVersion: 2,
      subjectKey: body.subject.code,
      causationId: repair.id,
      data: { penaltyId: created.body.id, reason: 'REPAIR', repairApplicationId: repair.data.applicationId },
    });

    await h.probe.waitForMessage((e) => e.type === 'double-publicity.penalty-publicity-withdrawn' && e.correlationId === marker.correlationId, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.probe.envelopes.filter((e) => e.type === 'double-publicity.penalty-publicity-withdrawn' && e.correlationId === repair.correlationId)).toHaveLength(1);
    expect(await query(`SELECT 1 FROM events WHERE stream_id = $1`, [`penalty-${created.body.id}`])).toHaveLength(2);

    const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.body.publicity).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'REPAIR', repairApplicationId: repair.data.applicationId } });
    expect(read.body.history.map((h: { type: string }) => h.type)).toEqual([
      'double-publicity.penalty-published',
      'double-publicity.penalty-publicity-withdrawn',
    ]);
    expect(read.body.history[1]).toMatchObject({ correlationId: repair.correlationId, causationId: repair.id });
  });

  it('answers a repair of a penalty already out of publicity with penalty-repair-noted under its correlationId, exactly once', async () => {
    const body = penalty();
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    const revocation = { reason: '行政复议决定撤销原处罚决定', document: '南府复决〔2026〕46号' };
    expect((await call('POST', `/api/v1/penalties/${created.body.id}/revocation`, revocation, as(h.tokens.submitter))).status).toBe(200);
    // Never published: withheld by its source unit.
    const withheld = await call('POST', '/api/v1/penalties', penalty({ subject: body.subject, disclosure: { public: false, reason: '涉及商业秘密' } }), as(h.tokens.submitter));
    expect(withheld.body.publicity.status).toBe('NOT_PUBLISHED');

    const repair = repairApproved(created.body.id, body.subject.code);
    await publish(repair);
    await publish(repair);
    const ofWithheld = repairApproved(withheld.body.id, body.subject.code);
    await publish(ofWithheld);

    const noted = await h.probe.waitForMessage((e) => e.type === 'double-publicity.penalty-repair-noted' && e.correlationId === repair.correlationId, 60_000);
    const message = h.probe.messages.find((m) => m.envelope?.id === noted.id)!;
    expect(message.key).toBe(body.subject.code);
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(noted).toMatchObject({
      stream: `penalty-${created.body.id}`,
      streamVersion: 3,
      subjectKey: body.subject.code,
      causationId: repair.id,
      data: { penaltyId: created.body.id, repairApplicationId: repair.data.applicationId, alreadyOutOfPublicity: 'REVOCATION', notedOn: todayInShanghai() },
    });
    const second = await h.probe.waitForMessage((e) => e.type === 'double-publicity.penalty-repair-noted' && e.correlationId === ofWithheld.correlationId, 60_000);
    expect(second.data).toMatchObject({ penaltyId: withheld.body.id, alreadyOutOfPublicity: 'NOT_PUBLISHED' });

    // The duplicate delivery came before the marker on the same partition: it added nothing.
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.probe.envelopes.filter((e) => e.correlationId === repair.correlationId && e.type.startsWith('double-publicity.'))).toHaveLength(1);
    expect(await query(`SELECT 1 FROM events WHERE stream_id = $1`, [`penalty-${created.body.id}`])).toHaveLength(3);
    const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.body.publicity).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'REVOCATION' } });
    expect(read.body.version).toBe(3);
    expect(read.body.history.at(-1)).toMatchObject({ type: 'double-publicity.penalty-repair-noted', correlationId: repair.correlationId, causationId: repair.id });
  });

  it('parks a repair of a penalty it does not know, instead of dropping or dead-lettering it', async () => {
    const repair = repairApproved(newEventId(), freshUscc());
    await publish(repair);
    await waitFor(async () => (await query(`SELECT reason FROM parked_events WHERE event_id = $1`, [repair.id])).length === 1, {
      timeoutMs: 60_000,
      description: 'the repair of an unknown penalty parked',
    });
    const [parked] = await query(`SELECT reason, consumer_group FROM parked_events WHERE event_id = $1`, [repair.id]);
    expect(parked).toEqual({ reason: 'not-ready', consumer_group: h.groupId });
    expect(await query(`SELECT 1 FROM dead_letters WHERE event_id::text = $1`, [repair.id])).toHaveLength(0);
  });

  it('withdraws a revoked decision from publicity on the source unit\'s request only', async () => {
    const created = await call('POST', '/api/v1/penalties', penalty(), as(h.tokens.submitter));
    const revocation = { reason: '行政复议决定撤销原处罚决定', document: '南府复决〔2026〕45号' };
    expect((await call('POST', `/api/v1/penalties/${created.body.id}/revocation`, revocation, as(h.tokens.otherSubmitter))).status).toBe(403);
    const revoked = await call('POST', `/api/v1/penalties/${created.body.id}/revocation`, revocation, as(h.tokens.submitter));
    expect(revoked.status).toBe(200);
    expect(revoked.body.publicity).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'REVOCATION', document: revocation.document } });
    expect((await call('POST', `/api/v1/penalties/${newEventId()}/revocation`, revocation, as(h.tokens.submitter))).status).toBe(404);
    // The same revocation again (a re-sent request) changes nothing.
    const again = await call('POST', `/api/v1/penalties/${created.body.id}/revocation`, revocation, as(h.tokens.submitter));
    expect(again.status).toBe(200);
    expect(again.body.history.filter((e: { type: string }) => e.type === 'double-publicity.penalty-publicity-withdrawn')).toHaveLength(1);
  });

  it('another department reads a public record without its remarks nor event data, a withheld one not at all; ops reads both, on record', async () => {
    const open = await call('POST', '/api/v1/penalties', penalty({ remarks: '内部备注：当事人配合调查' }), as(h.tokens.submitter));
    const withheld = await call('POST', '/api/v1/penalties', penalty({ remarks: '内部备注', disclosure: { public: false, reason: '涉及商业秘密' } }), as(h.tokens.submitter));
    expect([open.status, withheld.status]).toEqual([201, 201]);
    const other = await mintToken({ sub: OTHER_DEPARTMENT, name: 'tax', roles: ['reader'] });
    const seen = await call('GET', `/api/v1/penalties/${open.body.id}`, undefined, as(other));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: open.body.id, content: expect.any(String) });
    expect(seen.text).not.toContain('内部备注');
    expect(seen.body.history.map((e: { type: string; data?: unknown }) => [e.type, e.data])).toEqual([['double-publicity.penalty-published', undefined]]);
    expect((await call('GET', `/api/v1/penalties/${withheld.body.id}`, undefined, as(other))).status).toBe(403);
    // The source unit reads all of it, and is not recorded; ops reads all of it, and is.
    expect((await call('GET', `/api/v1/penalties/${open.body.id}`, undefined, as(h.tokens.reader))).body.remarks).toBe('内部备注：当事人配合调查');
    const ops = await mintToken({ sub: OTHER_DEPARTMENT, name: 'platform-ops', roles: ['ops'] });
    expect((await call('GET', `/api/v1/penalties/${withheld.body.id}`, undefined, as(ops))).body.remarks).toBe('内部备注');
    expect(await query(`SELECT reader_unit, resource, resource_id FROM restricted_reads WHERE resource_id = ANY($1)`, [[open.body.id, withheld.body.id]])).toEqual([
      { reader_unit: OTHER_DEPARTMENT, resource: 'penalty', resource_id: withheld.body.id },
    ]);
  });

  it('answers 404 for an unknown penalty and serves its OpenAPI document', async () => {
    expect((await call('GET', `/api/v1/penalties/${newEventId()}`, undefined, as(h.tokens.reader))).status).toBe(404);
    expect((await call('GET', '/api/v1/penalties/not-an-id', undefined, as(h.tokens.reader))).status).toBe(404);
    const docs = await call('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/penalties', '/api/v1/penalties/{id}']));
  });
});
