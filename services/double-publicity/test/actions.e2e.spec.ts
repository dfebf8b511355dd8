/**
 * Other administrative actions (行政强制, 行政确认, 行政征收, 行政给付, 行政裁决, 行政补偿, 行政奖励,
 * 行政监督检查) as one record type over HTTP and Kafka: the compiled service in its own process on a
 * real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry } from '@credit/contracts';
import { maskIdNumber, todayInShanghai } from '@credit/domain-kernel';
import { freshCitizenId, freshUscc, mintToken } from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { as, DEPARTMENT, useDoublePublicity } from './support/double-publicity.fixture';

const MARKET_REGULATION = { name: '南宁市市场监督管理局', code: DEPARTMENT };

/** A valid enforcement action of today by {@link DEPARTMENT}; `over` replaces top-level fields. */
const action = (over: Record<string, unknown> = {}) => ({
  actionType: 'ENFORCEMENT',
  decisionNumber: `南市监强〔2026〕${randomInt(1_000_000_000)}号`,
  subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: freshUscc() } as Record<string, unknown> & { code: string },
  content: '查封涉案物品一批',
  basis: '《行政强制法》第九条',
  decidedOn: todayInShanghai(),
  authority: MARKET_REGULATION,
  sourceUnit: MARKET_REGULATION,
  ...over,
});

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('double-publicity administrative actions', () => {
  const h = useDoublePublicity('actions');
  const { call, query } = h;

  it('records an action: 201 { id, timely }, administrative-action-recorded keyed by the subject, readable with its history', async () => {
    const body = action({ actionType: 'LEVY', amount: '1200', result: '已缴纳', validUntil: '2099-12-31', remarks: '备注' });
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/administrative-actions', body, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), timely: true, timeliness: { dueBy: expect.any(String), calendar: expect.any(Array) } });

    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const message = h.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.key).toBe(body.subject.code);
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'double-publicity.administrative-action-recorded',
      stream: `administrative-action-${created.body.id}`,
      data: { actionId: created.body.id, actionType: 'LEVY', amount: '1200.00', disclosure: { public: true }, timely: true },
    });

    const read = await call('GET', `/api/v1/administrative-actions/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: created.body.id,
      actionType: 'LEVY',
      decisionNumber: body.decisionNumber,
      subject: { code: body.subject.code, maskedCode: body.subject.code },
      content: body.content,
      basis: body.basis,
      amount: '1200.00',
      result: '已缴纳',
      validUntil: '2099-12-31',
      remarks: '备注',
      timely: true,
    });
    expect(read.body.history.map((e: { type: string }) => e.type)).toEqual(['double-publicity.administrative-action-recorded']);
    expect((await call('GET', `/api/v1/administrative-actions/${randomUUID()}`, undefined, as(h.tokens.reader))).status).toBe(404);
  });

  it('flags an action collected more than 7 working days after its decision as not timely, and counts it in the quality figures', async () => {
    const unit = { name: '某区应急管理局', code: freshUscc('11450100') };
    const submitter = await mintToken({ sub: unit.code, name: 'emergency', roles: ['submitter'] });
    const decidedOn = shift(todayInShanghai(), -30);
    const late = await call('POST', '/api/v1/administrative-actions', action({ actionType: 'INSPECTION', decidedOn, authority: unit, sourceUnit: unit }), as(submitter));
    expect(late.status).toBe(201);
    expect(late.body.timely).toBe(false);
    const timely = await call('POST', '/api/v1/administrative-actions', action({ actionType: 'REWARD', authority: unit, sourceUnit: unit }), as(submitter));
    expect(timely.body.timely).toBe(true);

    const figures = await call('GET', `/api/v1/metrics/departments/${unit.code}?from=${decidedOn}&to=${todayInShanghai()}`, undefined, as(h.tokens.reader));
    expect(figures.body).toMatchObject({ submitted: 2, compliant: 2, timely: 1, timelinessRate: 0.5, withoutMatterCode: 2 });
  });

  it('answers 409 for the same decision of the same authority and action type, and accepts it under another type', async () => {
    const body = action();
    expect((await call('POST', '/api/v1/administrative-actions', body, as(h.tokens.submitter))).status).toBe(201);
    const again = await call('POST', '/api/v1/administrative-actions', { ...body, content: '另一内容' }, as(h.tokens.submitter));
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM administrative_actions WHERE decision_number = $1`, [body.decisionNumber]);
    expect(n).toBe(1);
    expect((await call('POST', '/api/v1/administrative-actions', { ...body, actionType: 'CONFIRMATION' }, as(h.tokens.submitter))).status).toBe(201);
  });

  it('records a batch: per item CREATED, DUPLICATE or INVALID, exactly the valid ones stored and refused ones counted; again, all DUPLICATE', async () => {
    const unit = { name: '某区城市管理局', code: freshUscc('11450100') };
    const submitter = await mintToken({ sub: unit.code, name: 'city-management', roles: ['submitter'] });
    const mine = (over: Record<string, unknown> = {}) => action({ authority: unit, sourceUnit: unit, ...over });
    const first = mine({ actionType: 'ENFORCEMENT' });
    const idNumber = freshCitizenId();
    const items = [
      first,
      mine({ actionType: 'PAYMENT', subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber }, amount: '800.00' }),
      mine({ actionType: 'FINE' }),
      { ...first, content: '同一决定再次报送' },
      mine({ subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }),
      action(),
      'not an object',
      mine({ actionType: 'INSPECTION', result: '未发现问题' }),
    ];
    const answer = await call('POST', '/api/v1/administrative-actions/batch', { items }, as(submitter));
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'CREATED', 'INVALID', 'DUPLICATE', 'INVALID', 'INVALID', 'INVALID', 'CREATED']);
    expect(answer.body.results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(answer.body.results[2].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'actionType' })]));
    expect(answer.body.results[4].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'subject.code' })]));
    expect(answer.body.results[5].errors).toEqual([expect.objectContaining({ field: 'sourceUnit.code' })]);
    const ids = [0, 1, 7].map((i) => answer.body.results[i].id);
    const stored = await query(`SELECT id::text FROM administrative_actions WHERE source_unit_code = $1 ORDER BY id`, [unit.code]);
    expect(stored.map((r) => r.id)).toEqual([...ids].sort());
    // The person's number reaches neither the record nor the answer; it waits sealed for the registry's vault.
    const person = await call('GET', `/api/v1/administrative-actions/${ids[1]}`, undefined, as(h.tokens.reader));
    expect(person.body.subject).toMatchObject({ kind: 'NATURAL_PERSON', code: null, maskedCode: maskIdNumber(idNumber) });
    expect(JSON.stringify(person.body)).not.toContain(idNumber);
    const [handoff] = await query(`SELECT id_ciphertext FROM vault_handoffs WHERE subject_key = (SELECT subject_key FROM administrative_actions WHERE id = $1)`, [ids[1]]);
    expect(handoff.id_ciphertext).not.toContain(idNumber);
    const events = await h.probe.waitForMessages((e) => e.type === 'double-publicity.administrative-action-recorded' && ids.includes(e.data.actionId), 3, 60_000);
    for (const e of events) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });

    // 3 stored + 4 refused, all the caller's submissions (an item naming another source unit counts for the caller).
    const today = todayInShanghai();
    const figures = await call('GET', `/api/v1/metrics/departments/${unit.code}?from=${today}&to=${today}`, undefined, as(h.tokens.reader));
    expect(figures.body).toMatchObject({ submitted: 7, compliant: 3 });

    const again = await call('POST', '/api/v1/administrative-actions/batch', { items: [items[0], items[1], items[7]] }, as(submitter));
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual([
      { index: 0, status: 'DUPLICATE' },
      { index: 1, status: 'DUPLICATE' },
      { index: 2, status: 'DUPLICATE' },
    ]);
    expect(await query(`SELECT 1 FROM administrative_actions WHERE source_unit_code = $1`, [unit.code])).toHaveLength(3);
    expect((await call('POST', '/api/v1/administrative-actions/batch', { items: [] }, as(submitter))).status).toBe(400);
    expect((await call('POST', '/api/v1/administrative-actions/batch', { items: [first] }, as(h.tokens.reader))).status).toBe(403);
  }, 120_000);

  it.each([
    ['an unknown action type', { actionType: 'FINE' }, 'actionType'],
    ['no action type', { actionType: undefined }, 'actionType'],
    ['a subject code with a wrong check character', { subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }, 'subject.code'],
    ['a decision in the future', { decidedOn: '2999-01-01' }, 'decidedOn'],
    ['a negative amount', { amount: '-1.00' }, 'amount'],
    ['valid until before the decision', { decidedOn: '2026-05-11', validUntil: '2026-05-01' }, 'validUntil'],
    ['an unknown field', { penaltyKind: 'x' }, 'penaltyKind'],
  ])('refuses %s: 400 problem+json naming the field, nothing stored', async (_case, over, field) => {
    const body = action(over);
    const refused = await call('POST', '/api/v1/administrative-actions', body, as(h.tokens.submitter));
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM administrative_actions WHERE decision_number = $1`, [body.decisionNumber]);
    expect(n).toBe(0);
  });

  it("writes only the caller's own unit's records; reads need a token", async () => {
    expect((await call('POST', '/api/v1/administrative-actions', action(), as(h.tokens.otherSubmitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/administrative-actions', action(), as(h.tokens.reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/administrative-actions', action())).status).toBe(401);
    const onBehalf = action({ sourceUnit: { name: '某局', code: freshUscc('11450100') } });
    expect((await call('POST', '/api/v1/administrative-actions', onBehalf, as(h.tokens.admin))).status).toBe(201);
    expect((await call('GET', '/api/v1/administrative-actions')).status).toBe(401);
  });

  it('names an OTHER matter of its catalog (version recorded); a penalty matter is refused with 422', async () => {
    const code = `XZQZ-${randomInt(1_000_000_000)}`;
    expect((await call('POST', '/api/v1/catalog', { departmentCode: DEPARTMENT, kind: 'OTHER', code, name: '查封扣押' }, as(h.tokens.submitter))).status).toBe(201);
    const created = await call('POST', '/api/v1/administrative-actions', action({ matterCode: code }), as(h.tokens.submitter));
    expect(created.status).toBe(201);
    const read = await call('GET', `/api/v1/administrative-actions/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.body).toMatchObject({ matterCode: code, matterVersion: 1, matterName: '查封扣押' });

    const penaltyMatter = `XZCF-${randomInt(1_000_000_000)}`;
    expect((await call('POST', '/api/v1/catalog', { departmentCode: DEPARTMENT, kind: 'PENALTY', code: penaltyMatter, name: '对无照经营的处罚' }, as(h.tokens.submitter))).status).toBe(201);
    const refused = await call('POST', '/api/v1/administrative-actions', action({ matterCode: penaltyMatter }), as(h.tokens.submitter));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'record.matter-kind' });
  });

  it("lists a subject's actions by type, paged; a natural person only masked", async () => {
    const code = freshUscc();
    const subject = { name: '南宁市某某有限公司', kind: 'LEGAL_PERSON', code };
    for (const actionType of ['ENFORCEMENT', 'PAYMENT', 'PAYMENT']) {
      expect((await call('POST', '/api/v1/administrative-actions', action({ actionType, subject }), as(h.tokens.submitter))).status).toBe(201);
    }
    const all = await call('GET', `/api/v1/administrative-actions?subjectCode=${code}`, undefined, as(h.tokens.reader));
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 50, total: 3 });
    expect(all.body.items.every((i: { subject: { code: string } }) => i.subject.code === code)).toBe(true);
    const payments = await call('GET', `/api/v1/administrative-actions?subjectCode=${code}&actionType=PAYMENT&pageSize=1`, undefined, as(h.tokens.reader));
    expect(payments.body).toMatchObject({ total: 2, pageSize: 1 });
    expect(payments.body.items).toHaveLength(1);
    expect(payments.body.items[0].actionType).toBe('PAYMENT');
    const page2 = await call('GET', `/api/v1/administrative-actions?subjectCode=${code}&actionType=PAYMENT&pageSize=1&page=2`, undefined, as(h.tokens.reader));
    expect(page2.body.items[0].id).not.toBe(payments.body.items[0].id);
    expect((await call('GET', '/api/v1/administrative-actions?actionType=FINE', undefined, as(h.tokens.reader))).status).toBe(400);
    expect((await call('GET', '/api/v1/administrative-actions?subjectCode=91450100MA5K12347D', undefined, as(h.tokens.reader))).status).toBe(400);

    const idNumber = freshCitizenId();
    const person = await call(
      'POST',
      '/api/v1/administrative-actions',
      action({ actionType: 'PAYMENT', subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber }, amount: '800.00' }),
      as(h.tokens.submitter),
    );
    expect(person.status).toBe(201);
    const theirs = await call('GET', `/api/v1/administrative-actions?subjectCode=${idNumber}`, undefined, as(h.tokens.reader));
    expect(theirs.body.total).toBe(1);
    expect(theirs.body.items[0].subject).toMatchObject({ code: null, maskedCode: maskIdNumber(idNumber) });
    expect(JSON.stringify(theirs.body)).not.toContain(idNumber);
    const [stored] = await query(`SELECT data::text AS data FROM events WHERE stream_id = $1`, [`administrative-action-${person.body.id}`]);
    expect(stored.data).not.toContain(idNumber);
  });
});
