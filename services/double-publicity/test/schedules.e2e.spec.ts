/**
 * The schedulers over a restarted service: the automatic stop at the maximum publicity period, the
 * repair-eligible reminder when the minimum ends (domain.md §3) and the overdue-objection alert
 * (domain.md §2). Time passing while the service is down is simulated by moving the read model's
 * dates into the past between a stop and a start. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { waitFor } from '@credit/testing';
import { as, DEPARTMENT, penalty, useDoublePublicity } from './support/double-publicity.fixture';

const SCAN = { PUBLICITY_SCAN_SECONDS: '1', OBJECTION_OVERDUE_SCAN_SECONDS: '1' };
/** Several scan intervals: long enough for a scheduler that fires twice to have done so. */
const severalScans = () => new Promise((r) => setTimeout(r, 3500));

describe('double-publicity schedulers', () => {
  const h = useDoublePublicity('schedules', { env: SCAN });
  const { call, query } = h;

  const countEvents = async (stream: string, type: string): Promise<number> =>
    (await query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = $2`, [stream, type]))[0].n;
  const waitForEvents = (stream: string, type: string, n: number) =>
    waitFor(async () => (await countEvents(stream, type)) >= n, { timeoutMs: 30_000, description: `${n} ${type} on ${stream}` });

  const published = async () => {
    const body = penalty();
    const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    expect(created.body.publicity.status).toBe('PUBLISHED');
    return { id: created.body.id as string, code: body.subject.code };
  };

  it('reminds once when the minimum period ends, and withdraws once with EXPIRY when the maximum passed while the service was down', async () => {
    const record = await published();
    const stream = `penalty-${record.id}`;
    await severalScans();
    expect(await countEvents(stream, 'double-publicity.penalty-repair-eligible')).toBe(0);

    // The minimum period ends while the service is down.
    await h.service.stop();
    await query(`UPDATE penalties SET minimum_until = $2::date - 1 WHERE id = $1`, [record.id, todayInShanghai()]);
    await h.restart();
    await waitForEvents(stream, 'double-publicity.penalty-repair-eligible', 1);
    const reminder = await h.probe.waitForMessage((e) => e.type === 'double-publicity.penalty-repair-eligible' && e.stream === stream, 30_000);
    expect(eventRegistry.validate(reminder)).toMatchObject({ ok: true });
    expect(reminder).toMatchObject({ subjectKey: record.code, data: { penaltyId: record.id, remindedOn: todayInShanghai() } });
    await severalScans();
    expect(await countEvents(stream, 'double-publicity.penalty-repair-eligible')).toBe(1);
    expect((await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader))).body.publicity.status).toBe('PUBLISHED');

    // Then the maximum passes while it is down again.
    await h.service.stop();
    await query(`UPDATE penalties SET maximum_until = $2::date - 1 WHERE id = $1`, [record.id, todayInShanghai()]);
    await h.restart();
    await waitForEvents(stream, 'double-publicity.penalty-publicity-withdrawn', 1);
    const withdrawn = await h.probe.waitForMessage((e) => e.type === 'double-publicity.penalty-publicity-withdrawn' && e.stream === stream, 30_000);
    expect(eventRegistry.validate(withdrawn)).toMatchObject({ ok: true });
    expect(withdrawn).toMatchObject({ subjectKey: record.code, data: { penaltyId: record.id, reason: 'EXPIRY', withdrawnOn: todayInShanghai() } });
    const read = await call('GET', `/api/v1/penalties/${record.id}`, undefined, as(h.tokens.reader));
    expect(read.body.publicity).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'EXPIRY' } });

    // Another restart and more scans change nothing: each effect happened exactly once.
    await h.service.stop();
    await h.restart();
    await severalScans();
    expect(await countEvents(stream, 'double-publicity.penalty-publicity-withdrawn')).toBe(1);
    expect(await countEvents(stream, 'double-publicity.penalty-repair-eligible')).toBe(1);
  }, 180_000);

  it('raises objection-overdue once for an open objection past its due time, counts it, and leaves a resolved one alone', async () => {
    const open = await published();
    const answered = await published();
    const file = async (record: { id: string; code: string }) => {
      const filed = await call('POST', '/api/v1/objections', { recordId: record.id, subjectCode: record.code, reason: '不服', contact: '0771-1234567' }, as(h.tokens.reader));
      expect(filed.status).toBe(201);
      return filed.body.id as string;
    };
    const openId = await file(open);
    const answeredId = await file(answered);
    expect((await call('POST', `/api/v1/objections/${answeredId}/resolution`, { outcome: 'REJECTED', note: '处罚决定合法有效' }, as(h.tokens.reviewer))).status).toBe(200);
    await severalScans();
    expect(await countEvents(`objection-${openId}`, 'double-publicity.objection-overdue')).toBe(0);

    await query(`UPDATE objections SET due_by = now() - interval '1 hour' WHERE id = ANY($1)`, [[openId, answeredId]]);
    await waitForEvents(`objection-${openId}`, 'double-publicity.objection-overdue', 1);
    const alert = await h.probe.waitForMessage((e) => e.type === 'double-publicity.objection-overdue' && e.stream === `objection-${openId}`, 30_000);
    expect(eventRegistry.validate(alert)).toMatchObject({ ok: true });
    expect(alert).toMatchObject({ subjectKey: open.code, data: { objectionId: openId, recordId: open.id, detectedOn: todayInShanghai() } });
    await severalScans();
    expect(await countEvents(`objection-${openId}`, 'double-publicity.objection-overdue')).toBe(1);
    expect(await countEvents(`objection-${answeredId}`, 'double-publicity.objection-overdue')).toBe(0);

    const metrics = await (await fetch(`${h.service.url}/metrics`)).text();
    expect(metrics).toContain(`credit_objections_overdue_total{department="${DEPARTMENT}"} 1`);
  }, 120_000);
});
