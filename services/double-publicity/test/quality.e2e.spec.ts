/**
 * Quality figures (合规率, 及时率, domain.md §2) per department and city-wide over HTTP, from records
 * stored, batch items refused and objections. Build first (`npx tsc -b services/double-publicity`).
 */
import { todayInShanghai } from '@credit/domain-kernel';
import { freshUscc, mintToken, waitFor } from '@credit/testing';
import { as, license, penalty, useDoublePublicity } from './support/double-publicity.fixture';

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('double-publicity quality metrics', () => {
  const h = useDoublePublicity('quality', { env: { OBJECTION_OVERDUE_SCAN_SECONDS: '1' } });
  const { call, query } = h;
  const today = todayInShanghai();
  // A department of its own, so its figures start at zero.
  const department = freshUscc('11450100');
  const unit = { name: '南宁市某局', code: department };
  let submitter: string;

  beforeAll(async () => {
    submitter = await mintToken({ sub: department, name: 'some-bureau', roles: ['submitter'] });
  });

  const figures = async (path: string) => {
    const response = await call('GET', path, undefined, as(h.tokens.reader));
    expect(response.status).toBe(200);
    return response.body;
  };

  it('counts submitted, compliant (refused batch items are not), timely, the rates and overdue objections', async () => {
    const own = (over: Record<string, unknown> = {}) => penalty({ authority: unit, sourceUnit: unit, ...over });
    const first = own();
    const created = await call('POST', '/api/v1/penalties', first, as(submitter));
    expect(created.status).toBe(201);
    expect((await call('POST', '/api/v1/penalties', own(), as(submitter))).status).toBe(201);
    // A licence collected 30 days after its decision: more than 7 working days, not timely.
    const late = await call('POST', '/api/v1/licenses', license({ authority: unit, sourceUnit: unit, decidedOn: shift(today, -30), validFrom: shift(today, -30) }), as(submitter));
    expect(late.status).toBe(201);
    expect(late.body.timely).toBe(false);
    const batch = await call(
      'POST',
      '/api/v1/penalties/batch',
      { items: [own(), own({ decidedOn: '2025-02-30' }), own({ subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } })] },
      as(submitter),
    );
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'INVALID', 'INVALID']);
    // Another department's record counts city-wide only.
    expect((await call('POST', '/api/v1/penalties', penalty(), as(h.tokens.submitter))).status).toBe(201);

    const filed = await call('POST', '/api/v1/objections', { recordId: created.body.id, subjectCode: first.subject.code, reason: '不服', contact: 'x' }, as(h.tokens.reader));
    expect(filed.status).toBe(201);
    await query(`UPDATE objections SET due_by = now() - interval '1 hour' WHERE id = $1`, [filed.body.id]);
    await waitFor(async () => (await query(`SELECT 1 FROM objections WHERE id = $1 AND overdue_on IS NOT NULL`, [filed.body.id])).length === 1, {
      timeoutMs: 30_000,
      description: 'the objection flagged overdue',
    });

    const period = `from=${shift(today, -60)}&to=${today}`;
    expect(await figures(`/api/v1/metrics/departments/${department}?${period}`)).toEqual({
      from: shift(today, -60),
      to: today,
      submitted: 6,
      compliant: 4,
      timely: 3,
      complianceRate: 0.6667,
      timelinessRate: 0.5,
      objections: 1,
      objectionsOverdue: 1,
      withoutMatterCode: 4,
      // No subject of these records is registered (no subject-registry events in this suite).
      unlinkedSubjects: 4,
    });
    // The period picks records by decision date: the late licence falls outside today alone.
    expect(await figures(`/api/v1/metrics/departments/${department}?from=${today}&to=${today}`)).toMatchObject({
      submitted: 5,
      compliant: 3,
      timely: 3,
      complianceRate: 0.6,
      timelinessRate: 0.6,
    });
    expect(await figures(`/api/v1/metrics/departments/${department}?from=${shift(today, -400)}&to=${shift(today, -300)}`)).toMatchObject({
      submitted: 0,
      complianceRate: null,
      timelinessRate: null,
    });
    const city = await figures(`/api/v1/metrics/city?${period}`);
    expect(city.submitted).toBe(7);
    expect(city.compliant).toBe(5);
    expect(city.departments).toBe(2);
  });

  it('refuses a bad period with 400 problem+json naming the field, and a caller without a token with 401', async () => {
    for (const [q, field] of [
      [`from=2025-02-30&to=${today}`, 'from'],
      [`from=${today}`, 'to'],
      [`from=${today}&to=${shift(today, -1)}`, 'to'],
      [`from=${today}&to=${today}&extra=1`, 'extra'],
    ]) {
      const refused = await call('GET', `/api/v1/metrics/departments/${department}?${q}`, undefined, as(h.tokens.reader));
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await call('GET', `/api/v1/metrics/city?from=${today}&to=${today}`)).status).toBe(401);
  });
});
