/**
 * Licensing records (行政许可) over HTTP and Kafka: the compiled service in its own process on a real
 * PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, newEventId } from '@credit/contracts';
import { maskIdNumber } from '@credit/domain-kernel';
import { freshCitizenId, freshUscc } from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { as, license as baseLicense, useDoublePublicity } from './support/double-publicity.fixture';

/** A licence with every optional field of the standard filled in. */
const license = (over: Record<string, unknown> = {}) =>
  baseLicense({
    subject: { name: '南宁市示例餐饮有限公司', kind: 'LEGAL_PERSON', code: freshUscc(), legalRepresentative: '王五' },
    licenseNumber: `JY${randomInt(1_000_000_000)}`,
    validUntil: '2031-05-10',
    ...over,
  });

describe('double-publicity licences (行政许可)', () => {
  const h = useDoublePublicity('licenses');
  const { call, query } = h;

  it('records a licence: 201 { id, timely }, license-published keyed by the subject, readable with its history', async () => {
    const body = license();
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/licenses', body, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), timely: true, timeliness: { dueBy: expect.any(String), calendar: expect.any(Array) } });

    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const message = h.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.key).toBe(body.subject.code);
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'double-publicity.license-published',
      stream: `license-${created.body.id}`,
      subjectKey: body.subject.code,
      data: { licenseId: created.body.id, decisionNumber: body.decisionNumber, licenseType: '普通', licenseName: '食品经营许可证', timely: true },
    });

    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, decisionNumber: body.decisionNumber, validFrom: body.validFrom, validUntil: '2031-05-10' });
    expect(read.body.history.map((h: { type: string }) => h.type)).toEqual(['double-publicity.license-published']);
  });

  it('falls back to the licence number when the decision number is absent; 409 for the same decision twice', async () => {
    const body = license({ decisionNumber: undefined });
    const created = await call('POST', '/api/v1/licenses', body, as(h.tokens.submitter));
    expect(created.status).toBe(201);
    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.body.decisionNumber).toBe(body.licenseNumber);
    const again = await call('POST', '/api/v1/licenses', license({ decisionNumber: body.licenseNumber }), as(h.tokens.submitter));
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM licenses WHERE decision_number = $1`, [body.licenseNumber]);
    expect(n).toBe(1);
  });

  it.each([
    ['a subject code with a wrong check character', { subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }, 'subject.code'],
    ['a decision date that does not exist', { decidedOn: '2025-02-30' }, 'decidedOn'],
    ['a category outside the standard', { licenseType: '特殊' }, 'licenseType'],
    ['valid until before valid from', { validFrom: '2026-05-11', validUntil: '2026-05-01' }, 'validUntil'],
    ['neither decision nor licence number', { decisionNumber: undefined, licenseNumber: undefined }, 'decisionNumber'],
    ['an unknown field', { remarksX: 'x' }, 'remarksX'],
    ['a bad source unit code', { sourceUnit: { name: '某局', code: '11450100007712342G' } }, 'sourceUnit.code'],
  ])('refuses %s: 400 problem+json naming the field, nothing stored', async (_case, over, field) => {
    const body = license(over);
    const refused = await call('POST', '/api/v1/licenses', body, as(h.tokens.submitter));
    // An invalid source unit is judged as such, not as another department's record.
    expect(refused.status).toBe(field === 'sourceUnit.code' ? 403 : 400);
    if (refused.status === 400) {
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM licenses WHERE subject_key = $1`, [body.subject.code]);
    expect(n).toBe(0);
  });

  it("keeps a natural person's ID number out of the response, the event and the read", async () => {
    const idNumber = freshCitizenId();
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/licenses', license({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber } }), as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const raw = h.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(raw.key).toMatch(/^NP-/);
    expect(raw.value).not.toContain(idNumber);
    expect(event.data).toMatchObject({ subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: maskIdNumber(idNumber) } });
    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.text).not.toContain(idNumber);
  });

  it('answers 403 to another department, 401 without a token, 404 for an unknown licence', async () => {
    expect((await call('POST', '/api/v1/licenses', license(), as(h.tokens.otherSubmitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/licenses', license(), as(h.tokens.reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/licenses', license())).status).toBe(401);
    expect((await call('GET', `/api/v1/licenses/${newEventId()}`, undefined, as(h.tokens.reader))).status).toBe(404);
    expect((await call('GET', '/api/v1/licenses/not-an-id', undefined, as(h.tokens.reader))).status).toBe(404);
  });
});
