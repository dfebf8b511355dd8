/**
 * Bulk intake (`/penalties/batch`, `/licenses/batch`) over HTTP and Kafka: the compiled service in
 * its own process on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry } from '@credit/contracts';
import { freshUscc, waitFor } from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
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

  it('stores the other items when a concurrent writer commits one of the decisions while the batch is being stored', async () => {
    const [contested, ...others] = [penalty(), penalty(), penalty()];
    // A concurrent writer holds the contested decision uncommitted: the batch's check before storing
    // cannot see it, and its insert waits on the unique decision key until that writer commits.
    const writer = new Client({ connectionString: h.db.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO penalties (id, subject_key, decision_number, authority_code, source_unit_code, decided_on, severity, timely,
                               publicity_status, publicity_regime, record, recorded_at, stream_version)
         VALUES ($1, 'concurrent', $2, $3, $3, $4, 'GENERAL', true, 'PUBLISHED', 'test', '{}', now(), 1)`,
        [randomUUID(), contested.decisionNumber, contested.authority.code, contested.decidedOn],
      );
      const correlationId = randomUUID();
      const pending = call('POST', '/api/v1/penalties/batch', { items: [others[0], contested, others[1]] }, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
      await waitFor(
        async () => (await query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).length > 0,
        { timeoutMs: 30_000, intervalMs: 20, description: 'the batch waiting on the contested decision' },
      );
      await writer.query('COMMIT');
      const response = await pending;
      expect(response.status).toBe(200);
      expect(response.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'DUPLICATE', 'CREATED']);
      const createdIds = [response.body.results[0].id, response.body.results[2].id];
      const rows = await query(`SELECT id, subject_key FROM penalties WHERE decision_number = ANY($1) ORDER BY decision_number`, [
        [contested.decisionNumber, ...others.map((o) => o.decisionNumber)],
      ]);
      expect(rows.map((r) => r.id).sort()).toEqual([...createdIds, rows.find((r) => r.subject_key === 'concurrent').id].sort());
      // Exactly one event per stored record of the batch, and none for the contested item.
      const events = await query(`SELECT data->>'penaltyId' AS id FROM events WHERE correlation_id = $1`, [correlationId]);
      expect(events.map((e) => e.id).sort()).toEqual([...createdIds].sort());
      await h.probe.waitForMessages((e) => e.correlationId === correlationId, 2, 30_000);
      await settle();
      expect(h.probe.envelopes.filter((e) => e.correlationId === correlationId)).toHaveLength(2);
    } finally {
      await writer.end();
    }
  }, 120_000);

  it('a batch racing single submissions of the same decisions: each decision stored once, the loser told DUPLICATE or 409', async () => {
    const items = Array.from({ length: 20 }, () => penalty());
    const [batch, ...singles] = await Promise.all([
      call('POST', '/api/v1/penalties/batch', { items }, as(h.tokens.submitter)),
      ...items.map((item) => call('POST', '/api/v1/penalties', item, as(h.tokens.submitter))),
    ]);
    expect(batch.status).toBe(200);
    items.forEach((_, i) => {
      const single = singles[i].status;
      const batched = batch.body.results[i].status;
      // Exactly one of the two stored it.
      expect([single, batched]).toEqual(single === 201 ? [201, 'DUPLICATE'] : [409, 'CREATED']);
    });
    const rows = await query(`SELECT decision_number, count(*)::int AS n FROM penalties WHERE decision_number = ANY($1) GROUP BY 1`, [items.map((i) => i.decisionNumber)]);
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const [{ n: events }] = await query(
      `SELECT count(*)::int AS n FROM events e JOIN penalties p ON p.id = (e.data->>'penaltyId')::uuid WHERE p.decision_number = ANY($1)`,
      [items.map((i) => i.decisionNumber)],
    );
    expect(events).toBe(20);
  }, 120_000);

  it('refuses only the item whose catalog matter is not in the source unit\'s catalog', async () => {
    const response = await call('POST', '/api/v1/penalties/batch', { items: [penalty(), penalty({ matterCode: `NOPE-${randomInt(1_000_000)}` }), penalty()] }, as(h.tokens.submitter));
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'INVALID', 'CREATED']);
    expect(response.body.results[1].errors).toEqual([expect.objectContaining({ field: 'matterCode', message: expect.stringContaining('catalog') })]);
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
