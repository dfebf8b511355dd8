/**
 * The departments' catalogs (事项目录) over HTTP and Kafka: the compiled service in its own process
 * on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, TOPICS } from '@credit/contracts';
import { freshUscc, mintToken } from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { as, DEPARTMENT, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity catalog (事项目录)', () => {
  const h = useDoublePublicity('catalog', { probeTopic: TOPICS.reference });
  const { call, query } = h;
  const matterCode = () => `XZCF-${randomInt(1_000_000_000)}`;

  it('defines a matter (201, version 1) and publishes catalog-matter-defined on credit.reference', async () => {
    const code = matterCode();
    const correlationId = randomUUID();
    const body = { departmentCode: DEPARTMENT, kind: 'PENALTY', code, name: '对虚假宣传行为的行政处罚', legalBasis: '《反不正当竞争法》第二十条' };
    const created = await call('POST', '/api/v1/catalog', body, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ departmentCode: DEPARTMENT, code, kind: 'PENALTY', name: body.name, legalBasis: body.legalBasis, version: 1 });
    expect(created.body.versions).toHaveLength(1);

    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const message = h.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(message.key).toBe(`catalog-matter-${DEPARTMENT}-${code}`);
    expect(event).toMatchObject({
      type: 'double-publicity.catalog-matter-defined',
      subjectKey: null,
      data: { departmentCode: DEPARTMENT, kind: 'PENALTY', code, name: body.name, legalBasis: body.legalBasis, matterVersion: 1 },
    });
  });

  it('versions a matter re-posted with a changed name or basis, keeps the history, and adds nothing for the same content', async () => {
    const code = matterCode();
    const body = { departmentCode: DEPARTMENT, kind: 'LICENSE', code, name: '食品经营许可', legalBasis: '《食品安全法》第三十五条' };
    expect((await call('POST', '/api/v1/catalog', body, as(h.tokens.submitter))).status).toBe(201);
    const same = await call('POST', '/api/v1/catalog', body, as(h.tokens.submitter));
    expect(same.status).toBe(201);
    expect(same.body.version).toBe(1);
    const renamed = await call('POST', '/api/v1/catalog', { ...body, name: '食品经营许可（含仅销售预包装食品备案）' }, as(h.tokens.submitter));
    expect(renamed.body.version).toBe(2);
    const rebased = await call('POST', '/api/v1/catalog', { ...body, name: '食品经营许可（含仅销售预包装食品备案）', legalBasis: '《食品经营许可和备案管理办法》' }, as(h.tokens.submitter));
    expect(rebased.status).toBe(201);
    expect(rebased.body).toMatchObject({ version: 3, legalBasis: '《食品经营许可和备案管理办法》' });
    expect(rebased.body.versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([
      [1, '食品经营许可'],
      [2, '食品经营许可（含仅销售预包装食品备案）'],
      [3, '食品经营许可（含仅销售预包装食品备案）'],
    ]);
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [`catalog-matter-${DEPARTMENT}-${code}`]);
    expect(n).toBe(3);
  });

  it.each(['信访', '拆迁', '闯红灯', '不文明养犬', '欠缴物业费', '未执行垃圾分类'])('refuses a matter about %s with 422 naming the rule', async (term) => {
    const code = matterCode();
    const refused = await call('POST', '/api/v1/catalog', { departmentCode: DEPARTMENT, kind: 'OTHER', code, name: `对${term}行为的失信记录` }, as(h.tokens.submitter));
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ rule: 'catalog.never-record' });
    expect(refused.body.detail).toContain(term);
    const listed = await call('GET', `/api/v1/catalog?departmentCode=${DEPARTMENT}&pageSize=500`, undefined, as(h.tokens.reader));
    expect(listed.body.items.some((m: { code: string }) => m.code === code)).toBe(false);
  });

  it('lets only the department itself or an admin keep its catalog; refuses bad input with 400', async () => {
    const body = { departmentCode: DEPARTMENT, kind: 'PENALTY', code: matterCode(), name: '对无照经营的行政处罚' };
    expect((await call('POST', '/api/v1/catalog', body, as(h.tokens.otherSubmitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/catalog', body, as(h.tokens.reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/catalog', body)).status).toBe(401);
    expect((await call('POST', '/api/v1/catalog', body, as(h.tokens.admin))).status).toBe(201);
    const bad = await call('POST', '/api/v1/catalog', { ...body, departmentCode: '11450100007712342G', kind: 'FINE', extra: 1 }, as(h.tokens.admin));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['kind', 'extra']));
    const badCode = await call('POST', '/api/v1/catalog', { ...body, departmentCode: '11450100007712342G' }, as(h.tokens.admin));
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors).toEqual([expect.objectContaining({ field: 'departmentCode' })]);
  });

  it('lists the catalog per department, paged', async () => {
    const taxOffice = freshUscc();
    const other = { departmentCode: taxOffice, kind: 'LICENSE', code: matterCode(), name: '税务登记' };
    const taxSubmitter = await mintToken({ sub: taxOffice, name: 'tax', roles: ['submitter'] });
    expect((await call('POST', '/api/v1/catalog', other, as(taxSubmitter))).status).toBe(201);
    const page1 = await call('GET', `/api/v1/catalog?departmentCode=${DEPARTMENT}&page=1&pageSize=2`, undefined, as(h.tokens.reader));
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(page1.body.total).toBeGreaterThanOrEqual(3);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items.every((m: { departmentCode: string }) => m.departmentCode === DEPARTMENT)).toBe(true);
    const page2 = await call('GET', `/api/v1/catalog?departmentCode=${DEPARTMENT}&page=2&pageSize=2`, undefined, as(h.tokens.reader));
    expect(page2.body.items[0].code).not.toBe(page1.body.items[0].code);
    const theirs = await call('GET', `/api/v1/catalog?departmentCode=${taxOffice}`, undefined, as(h.tokens.reader));
    expect(theirs.body.items.map((m: { code: string }) => m.code)).toEqual([other.code]);
    expect((await call('GET', '/api/v1/catalog?pageSize=0', undefined, as(h.tokens.reader))).status).toBe(400);
  });
});
