/**
 * Bulk intake (`/penalties/batch`, `/licenses/batch`) over HTTP and Kafka: the compiled service in
 * its own process on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry } from '@credit/contracts';
import { freshUscc } from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { as, license, penalty, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity batch intake', () => {
  const h = useDoublePublicity('batch');
  const { call, query } = h;
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  it('penalties: stores exactly the valid items with one event each; the same batch again is all DUPLICATE and adds nothing', async () => {
    const stored = penalty();
    expect((await call('POST', '/api/v1/penalties', stored, as(h.tokens.submitter))).status).toBe(201);
    const valid = [penalty(), penalty(), penalty()];
    const items = [
      valid[0],
      penalty({ subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }), // bad check character
      valid[1],
      penalty({ decidedOn: '2025-02-30', fineAmount: '-1' }), // impossible date, negative amount
      { ...valid[0], subject: { ...valid[0].subject, name: '同一决定另一名称' } }, // duplicate within the batch
      stored, // duplicate of a stored record
      penalty({ unknownField: true }),
      'not an object',
      valid[2],
      penalty({ sourceUnit: { name: '税务局', code: freshUscc() } }), // another department's record
    ];
    const correlationId = randomUUID();
    const first = await call('POST', '/api/v1/penalties/batch', { items }, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(first.status).toBe(200);
    const statuses = first.body.results.map((r: { index: number; status: string }) => [r.index, r.status]);
    expect(statuses).toEqual([
      [0, 'CREATED'],
      [1, 'INVALID'],
      [2, 'CREATED'],
      [3, 'INVALID'],
      [4, 'DUPLICATE'],
      [5, 'DUPLICATE'],
      [6, 'INVALID'],
      [7, 'INVALID'],
      [8, 'CREATED'],
      [9, 'INVALID'],
    ]);
    const results = first.body.results;
    expect(results[1].errors).toEqual([expect.objectContaining({ field: 'subject.code' })]);
    expect(results[3].errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['fineAmount']));
    expect(results[6].errors).toEqual([expect.objectContaining({ field: 'unknownField' })]);
    expect(results[9].errors).toEqual([expect.objectContaining({ field: 'sourceUnit.code' })]);
    for (const r of results.filter((x: { status: string }) => x.status === 'CREATED')) expect(r.id).toEqual(expect.any(String));

    // Exactly the valid ones stored, each readable, one event each on the topic.
    const numbers = items.filter((i): i is ReturnType<typeof penalty> => typeof i === 'object').map((i) => i.decisionNumber);
    const rows = await query(`SELECT id, decision_number FROM penalties WHERE decision_number = ANY($1) ORDER BY decision_number`, [numbers]);
    expect(rows.map((r) => r.decision_number).sort()).toEqual([stored.decisionNumber, ...valid.map((v) => v.decisionNumber)].sort());
    const createdIds = [results[0].id, results[2].id, results[8].id];
    for (const id of createdIds) expect((await call('GET', `/api/v1/penalties/${id}`, undefined, as(h.tokens.reader))).status).toBe(200);
    await h.probe.waitForMessages((e) => e.correlationId === correlationId, 3, 30_000);
    await settle();
    const events = h.probe.envelopes.filter((e) => e.correlationId === correlationId);
    expect(events.map((e) => (e.data as { penaltyId: string }).penaltyId).sort()).toEqual([...createdIds].sort());
    for (const e of events) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });

    const [{ n: before }] = await query(`SELECT count(*)::int AS n FROM events`);
    const againId = randomUUID();
    const again = await call('POST', '/api/v1/penalties/batch', { items: [valid[0], valid[1], valid[2], stored] }, as(h.tokens.submitter, { 'x-correlation-id': againId }));
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    const [{ n: after }] = await query(`SELECT count(*)::int AS n FROM events`);
    expect(after).toBe(before);
    await settle();
    expect(h.probe.envelopes.filter((e) => e.correlationId === againId)).toHaveLength(0);
  });

  it('licences: the same per-item discipline, the decision number falling back to the licence number', async () => {
    const licenceNumber = `JY${randomInt(1_000_000_000)}`;
    const byLicenceNumber = license({ decisionNumber: undefined, licenseNumber: licenceNumber });
    const items = [
      license(),
      license({ licenseType: '特殊' }),
      byLicenceNumber,
      license({ decisionNumber: licenceNumber }), // same natural key as the previous item
      license({ decisionNumber: undefined }),
    ];
    const first = await call('POST', '/api/v1/licenses/batch', { items }, as(h.tokens.submitter));
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'INVALID', 'CREATED', 'DUPLICATE', 'INVALID']);
    expect(first.body.results[1].errors).toEqual([expect.objectContaining({ field: 'licenseType' })]);
    expect(first.body.results[4].errors).toEqual([expect.objectContaining({ field: 'decisionNumber' })]);
    const read = await call('GET', `/api/v1/licenses/${first.body.results[2].id}`, undefined, as(h.tokens.reader));
    expect(read.body.decisionNumber).toBe(licenceNumber);
    const again = await call('POST', '/api/v1/licenses/batch', { items: [items[0], items[2]] }, as(h.tokens.submitter));
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE']);
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM licenses`);
    expect(n).toBe(2);
  });

  it('refuses an empty batch, more than 1000 items and a body without items with 400; needs a submitter', async () => {
    expect((await call('POST', '/api/v1/penalties/batch', { items: [] }, as(h.tokens.submitter))).status).toBe(400);
    expect((await call('POST', '/api/v1/licenses/batch', { items: Array.from({ length: 1001 }, () => ({})) }, as(h.tokens.submitter))).status).toBe(400);
    const noItems = await call('POST', '/api/v1/penalties/batch', {}, as(h.tokens.submitter));
    expect(noItems.status).toBe(400);
    expect(noItems.contentType).toContain('application/problem+json');
    expect((await call('POST', '/api/v1/penalties/batch', { items: [penalty()] }, as(h.tokens.reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/penalties/batch', { items: [penalty()] })).status).toBe(401);
  });

  it('takes a full batch of 1000 penalties in one call', async () => {
    const items = Array.from({ length: 1000 }, () => penalty());
    const response = await call('POST', '/api/v1/penalties/batch', { items }, as(h.tokens.submitter));
    expect(response.status).toBe(200);
    expect(response.body.results.filter((r: { status: string }) => r.status === 'CREATED')).toHaveLength(1000);
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM penalties WHERE decision_number = ANY($1)`, [items.map((i) => i.decisionNumber)]);
    expect(n).toBe(1000);
  }, 120_000);
});
