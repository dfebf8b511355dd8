/**
 * Joint punishment (联合奖惩) as department systems and the repair flow meet it: the compiled
 * service in its own process, over HTTP, on a real PostgreSQL and a real Kafka broker, consuming
 * credit.subject-events in a fresh consumer group. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type EventEnvelope } from '@credit/contracts';
import { maskIdNumber } from '@credit/domain-kernel';
import { bearer, freshCitizenId, freshUscc, testEnvelope, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { blackListEntry, defineLinkageUnits, JointPunishmentFixture, officeToken, repairApproved, tokenFor } from './support/joint-punishment.fixture';

const PROCUREMENT_CENTRE = freshUscc('12450100');
const FINANCE_BUREAU = freshUscc('11450100');

describe('joint punishment over HTTP and Kafka', () => {
  let fixture: JointPunishmentFixture;
  let admin: string;
  let reviewer: string;
  let reader: string;
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const procurement = `BL-PROCUREMENT-${suffix}`;
  const tendering = `BL-TENDERING-${suffix}`;

  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  const as = bearer;
  const check = (subjectCode: string, scenario: string, token = reader) =>
    call('GET', `/api/v1/credit-check/${subjectCode}?scenario=${scenario}`, undefined, as(token));
  const listEntry = (subjectCode: string, recordIds: string[]) => blackListEntry(subjectCode, recordIds, { validUntil: '2028-03-03' });
  const publish = (event: EventEnvelope) => fixture.events.publish(event);
  const ofCorrelation = (correlationId: string, type: string) => (e: EventEnvelope) => e.correlationId === correlationId && e.type === type;
  /**
   * This service's acknowledgement of a repair: other copies of the service on a shared broker
   * acknowledge it too, naming no entry of theirs.
   */
  const acknowledgedWith = (correlationId: string, listEntryIds: string[]) => (e: EventEnvelope) =>
    ofCorrelation(correlationId, 'joint-punishment.repair-effects-completed')(e) && JSON.stringify((e.data as { listEntryIds: string[] }).listEntryIds) === JSON.stringify(listEntryIds);
  const elsewhere = (e: EventEnvelope) => e.type === 'joint-punishment.repair-effects-completed' && (e.data as { listEntryIds: string[] }).listEntryIds.length === 0;

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'main', probeTopics: [TOPICS.subjectEvents, TOPICS.reference], publisher: true, env: { LOG_LEVEL: 'debug', HTTP_DOCS_ENABLED: 'true' } });
    admin = await officeToken('admin');
    reviewer = await officeToken('reviewer');
    reader = await tokenFor(PROCUREMENT_CENTRE, 'procurement-centre', 'reader');
    await defineLinkageUnits(fixture.call, admin, [PROCUREMENT_CENTRE, FINANCE_BUREAU]);
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('defines catalog measures: 201, the event on credit.reference keyed by the measure, the same content again 200', async () => {
    const correlationId = randomUUID();
    const defined = await call(
      'POST',
      '/api/v1/measures',
      {
        code: procurement,
        name: '限制参加政府采购活动',
        kind: 'PUNISHMENT',
        appliesTo: 'BLACK',
        unitCodes: [PROCUREMENT_CENTRE, FINANCE_BUREAU],
        scenarios: ['GOVERNMENT_PROCUREMENT', 'PUBLIC_RESOURCE_TRADING'],
        legalBasis: '《政府采购法》第二十二条',
      },
      as(admin, { 'x-correlation-id': correlationId }),
    );
    expect(defined.status).toBe(201);
    expect(defined.body).toMatchObject({ code: procurement, unitCodes: [PROCUREMENT_CENTRE, FINANCE_BUREAU] });
    const second = await call(
      'POST',
      '/api/v1/measures',
      { code: tendering, name: '限制参与招标投标', kind: 'PUNISHMENT', appliesTo: 'BLACK', category: 'MARKET', unitCodes: [FINANCE_BUREAU], scenarios: ['TENDERING'], legalBasis: '《招标投标法实施条例》' },
      as(admin),
    );
    expect(second.status).toBe(201);

    const event = await fixture.probe.waitForMessage(ofCorrelation(correlationId, 'joint-punishment.measure-defined'), 30_000);
    const message = fixture.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.topic).toBe(TOPICS.reference);
    expect(message.key).toBe(`measure-${procurement}`);
    expect(eventRegistry.validate(JSON.parse(message.value)).ok).toBe(true);
    expect(event).toMatchObject({ subjectKey: null, stream: `measure-${procurement}`, data: { code: procurement, legalBasis: '《政府采购法》第二十二条' } });

    // The same content again defines nothing (200, still version 1): the catalog is versioned, not append-only.
    const { code, name, kind, appliesTo, unitCodes, scenarios, legalBasis } = defined.body;
    const duplicate = await call('POST', '/api/v1/measures', { code, name, kind, appliesTo, unitCodes, scenarios, legalBasis }, as(admin));
    expect(duplicate.status).toBe(200);
    expect(duplicate.body).toMatchObject({ code: procurement, version: 1, versions: [{ version: 1 }] });
    expect(event.data).toMatchObject({ measureVersion: 1 });
    const catalog = await call('GET', '/api/v1/measures?page=1&pageSize=10', undefined, as(reader));
    expect(catalog.status).toBe(200);
    expect(catalog.body).toMatchObject({ page: 1, pageSize: 10, total: 2 });
    expect(catalog.body.items.map((m: { code: string }) => m.code)).toEqual([procurement, tendering].sort());
  });

  it('refuses a measure without legal basis, with unknown kind, list or scenario, or a bad linkage unit code: 400, nothing stored', async () => {
    const valid = { code: `X-${suffix}`, name: '限制高消费', kind: 'PUNISHMENT', appliesTo: 'BLACK', unitCodes: [FINANCE_BUREAU], scenarios: ['HIGH_CONSUMPTION'], legalBasis: '最高人民法院规定' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, legalBasis: undefined }, 'legalBasis'],
      [{ ...valid, legalBasis: '  ' }, 'legalBasis'],
      [{ ...valid, kind: 'FINE' }, 'kind'],
      [{ ...valid, appliesTo: 'GREY' }, 'appliesTo'],
      [{ ...valid, scenarios: ['LOTTERY'] }, 'scenarios'],
      [{ ...valid, unitCodes: ['91450100MA5K12347D'] }, 'unitCodes.0'],
    ];
    for (const [body, field] of cases) {
      const refused = await call('POST', '/api/v1/measures', body, as(admin));
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await call('POST', '/api/v1/measures', valid, as(reviewer))).status).toBe(403);
    const catalog = await call('GET', '/api/v1/measures', undefined, as(reader));
    expect(catalog.body.total).toBe(2);
    const badEntry = await call('POST', '/api/v1/list-entries', { ...listEntry(freshUscc(), []), list: 'GREY' }, as(reviewer));
    expect(badEntry.status).toBe(400);
    expect(badEntry.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'list' })]));
  });

  it('lists a subject, applies the catalog per linkage unit, answers credit checks per scenario; a repair delivered twice exits the entry and lifts each measure exactly once', async () => {
    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/list-entries', listEntry(subject, [await fixture.publishPenalty(subject)]), as(reviewer, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'IN_FORCE', subjectCode: subject });
    const applied = created.body.measures.map((m: { measureCode: string; unitCode: string; status: string }) => [m.measureCode, m.unitCode, m.status]);
    expect(applied.sort()).toEqual(
      [
        [procurement, PROCUREMENT_CENTRE, 'APPLIED'],
        [procurement, FINANCE_BUREAU, 'APPLIED'],
        [tendering, FINANCE_BUREAU, 'APPLIED'],
      ].sort(),
    );
    const id: string = created.body.id;

    const published = await fixture.probe.waitForMessages((e) => e.correlationId === correlationId, 4, 30_000);
    expect(published.map((e) => e.type)).toEqual([
      'joint-punishment.list-entry-created',
      'joint-punishment.measure-applied',
      'joint-punishment.measure-applied',
      'joint-punishment.measure-applied',
    ]);
    for (const event of published) {
      const message = fixture.probe.messages.find((m) => m.envelope?.id === event.id)!;
      expect(message.key).toBe(subject);
      expect(eventRegistry.validate(JSON.parse(message.value)).ok).toBe(true);
      expect(event).toMatchObject({ stream: `list-entry-${id}`, subjectKey: subject });
    }

    const procurementCheck = await check(subject, 'GOVERNMENT_PROCUREMENT');
    expect(procurementCheck.status).toBe(200);
    expect(procurementCheck.body).toMatchObject({ subjectCode: subject, grade: null, lists: [{ id, list: 'BLACK' }], incentives: [] });
    expect(procurementCheck.body.measures).toEqual(
      expect.arrayContaining([
        { measureCode: procurement, name: '限制参加政府采购活动', legalBasis: '《政府采购法》第二十二条', unitCode: PROCUREMENT_CENTRE },
        { measureCode: procurement, name: '限制参加政府采购活动', legalBasis: '《政府采购法》第二十二条', unitCode: FINANCE_BUREAU },
      ]),
    );
    expect(procurementCheck.body.measures).toHaveLength(2);
    const honoursCheck = await check(subject, 'HONOURS');
    expect(honoursCheck.body.measures).toEqual([]);
    expect(honoursCheck.body.lists).toHaveLength(1);

    const repair = repairApproved(subject, { type: 'LIST_ENTRY', id });
    await publish(repair);
    await publish(repair);

    const completed = await fixture.probe.waitForMessage(acknowledgedWith(repair.correlationId, [id]), 60_000);
    expect(completed).toMatchObject({ subjectKey: subject, causationId: repair.id, data: { repairApplicationId: repair.data.applicationId, listEntryIds: [id] } });
    // Give a second (wrong) effect of the duplicate delivery time to show up.
    await new Promise((r) => setTimeout(r, 3000));
    // The repair event itself is on the topic twice; everything else with its correlation id is this service's effect.
    expect(fixture.probe.envelopes.filter((e) => e.id === repair.id)).toHaveLength(2);
    const effects = fixture.probe.envelopes.filter((e) => e.correlationId === repair.correlationId && e.id !== repair.id && !elsewhere(e));
    expect(effects.map((e) => e.type)).toEqual([
      'joint-punishment.list-entry-exited',
      'joint-punishment.measure-lifted',
      'joint-punishment.measure-lifted',
      'joint-punishment.measure-lifted',
      'joint-punishment.repair-effects-completed',
    ]);
    for (const effect of effects) expect(effect.causationId).toBe(repair.id);
    const lifted = effects.filter((e) => e.type === 'joint-punishment.measure-lifted').map((e) => e.data as { measureCode: string; unitCode: string });
    expect(lifted.map((l) => [l.measureCode, l.unitCode, 'APPLIED']).sort()).toEqual(applied.sort());
    expect(effects[0].data).toMatchObject({ listEntryId: id, trigger: 'REPAIR', repairApplicationId: repair.data.applicationId });

    const after = await check(subject, 'GOVERNMENT_PROCUREMENT');
    expect(after.body).toMatchObject({ lists: [], measures: [] });
    const entry = await call('GET', `/api/v1/list-entries/${id}`, undefined, as(reader));
    expect(entry.body).toMatchObject({ status: 'EXITED', exit: { trigger: 'REPAIR' } });
    expect(entry.body.measures.every((m: { status: string }) => m.status === 'LIFTED')).toBe(true);

    const exitAgain = await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '移出' }, as(reviewer));
    expect(exitAgain.status).toBe(409);
    expect(exitAgain.body).toMatchObject({ rule: 'list-entry.already-exited' });

    const client = new Client({ connectionString: fixture.db.url });
    await client.connect();
    try {
      const checks = await client.query(`SELECT department_code, scenario FROM credit_checks WHERE subject_key = $1 ORDER BY checked_at`, [subject]);
      expect(checks.rows).toEqual([
        { department_code: PROCUREMENT_CENTRE, scenario: 'GOVERNMENT_PROCUREMENT' },
        { department_code: PROCUREMENT_CENTRE, scenario: 'HONOURS' },
        { department_code: PROCUREMENT_CENTRE, scenario: 'GOVERNMENT_PROCUREMENT' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('a penalty repair exits the entries resting on that penalty alone, and is acknowledged even when none does', async () => {
    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const penalty = await fixture.publishPenalty(subject);
    const alone = (await call('POST', '/api/v1/list-entries', listEntry(subject, [penalty]), as(reviewer))).body;
    const withOther = (await call('POST', '/api/v1/list-entries', listEntry(subject, [penalty, await fixture.publishPenalty(subject)]), as(reviewer))).body;

    const repair = repairApproved(subject, { type: 'PENALTY', id: penalty });
    await publish(repair);
    const completed = await fixture.probe.waitForMessage(acknowledgedWith(repair.correlationId, [alone.id]), 60_000);
    expect(completed.data).toEqual({ repairApplicationId: repair.data.applicationId, listEntryIds: [alone.id] });
    expect((await call('GET', `/api/v1/list-entries/${alone.id}`, undefined, as(reader))).body.status).toBe('EXITED');
    expect((await call('GET', `/api/v1/list-entries/${withOther.id}`, undefined, as(reader))).body.status).toBe('IN_FORCE');

    const unrelated = repairApproved(subject, { type: 'PENALTY', id: randomUUID() });
    await publish(unrelated);
    const empty = await fixture.probe.waitForMessage(ofCorrelation(unrelated.correlationId, 'joint-punishment.repair-effects-completed'), 60_000);
    expect(empty.data).toEqual({ repairApplicationId: unrelated.data.applicationId, listEntryIds: [] });

    const listed = await call('GET', `/api/v1/list-entries?subjectCode=${subject}`, undefined, as(reader));
    expect(listed.body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
  });

  it('exits an entry by decision: 200 with each measure lifted; a second exit 409', async () => {
    const subject = freshUscc();
    await fixture.registerSubject(subject);
    const id = (await call('POST', '/api/v1/list-entries', listEntry(subject, [await fixture.publishPenalty(subject)]), as(reviewer))).body.id;
    const exited = await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '认定单位决定移出' }, as(reviewer));
    expect(exited.status).toBe(200);
    expect(exited.body).toMatchObject({ status: 'EXITED', exit: { trigger: 'DECISION', reason: '认定单位决定移出' } });
    expect(exited.body.measures.map((m: { status: string }) => m.status)).toEqual(['LIFTED', 'LIFTED', 'LIFTED']);
    expect((await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: 'again' }, as(reviewer))).status).toBe(409);
    expect((await call('POST', `/api/v1/list-entries/${randomUUID()}/exit`, { reason: 'x' }, as(reviewer))).status).toBe(404);

    // The exit is done on the website once credit-portal says its page no longer shows the entry.
    expect(exited.body.exit.websiteClearedAt).toBeUndefined();
    await fixture.events.publish(
      testEnvelope({ type: 'credit-portal.website-updated', subjectKey: subject, stream: `website-update-${randomUUID()}`, data: { change: 'LIST_ENTRY_EXITED', listEntryId: id } }),
    );
    const cleared = await waitFor(
      async () => {
        const entry = await call('GET', `/api/v1/list-entries/${id}`, undefined, as(reviewer));
        return entry.body.exit?.websiteClearedAt ? entry.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the website acknowledgement recorded on the entry' },
    );
    expect(cleared.exit).toMatchObject({ trigger: 'DECISION', websiteClearedAt: expect.any(String) });
  });

  it("lists a natural person under the subject key and masked number only; the clear number appears nowhere", async () => {
    const idNumber = freshCitizenId();
    await fixture.registerSubject(idNumber);
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/list-entries', listEntry(idNumber, []), as(reviewer, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body.subjectCode).toBe(maskIdNumber(idNumber));
    expect(created.body.subjectKey).toMatch(/^NP-/);
    expect(created.text).not.toContain(idNumber);
    const event = await fixture.probe.waitForMessage(ofCorrelation(correlationId, 'joint-punishment.list-entry-created'), 30_000);
    const raw = fixture.probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(raw.key).toBe(created.body.subjectKey);
    expect(raw.value).not.toContain(idNumber);
    const checked = await check(idNumber, 'TENDERING');
    expect(checked.status).toBe(200);
    expect(checked.text).not.toContain(idNumber);
    expect(checked.body.lists).toHaveLength(1);
    expect(fixture.service.logs()).not.toContain(idNumber);
  });

  it('answers a credit check only to reader: 403 for other roles, 401 without a token, 400 for an unknown scenario', async () => {
    const subject = freshUscc();
    expect((await check(subject, 'GOVERNMENT_PROCUREMENT', reviewer)).status).toBe(403);
    expect((await call('GET', `/api/v1/credit-check/${subject}?scenario=GOVERNMENT_PROCUREMENT`)).status).toBe(401);
    const unknown = await check(subject, 'LOTTERY');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'scenario' })]));
    const badCode = await check('91450100MA5K12347D', 'TENDERING');
    expect(badCode.status).toBe(400);
  });

  it('checks a batch for one scenario, and records what the checking department did with an answer', async () => {
    const codes = [freshUscc(), freshUscc()];
    const batch = await call('POST', '/api/v1/credit-check/batch', { subjectCodes: codes, scenario: 'TENDERING' }, as(reader));
    expect(batch.status).toBe(200);
    expect(batch.body.checks.map((c: { subjectCode: string }) => c.subjectCode)).toEqual(codes);
    const refused = await call('POST', '/api/v1/credit-check/batch', { subjectCodes: [codes[0], 'nonsense'], scenario: 'TENDERING' }, as(reader));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'subjectCodes.1' })]);

    const checkId: string = batch.body.checks[0].checkId;
    const use = await call('POST', `/api/v1/credit-checks/${checkId}/use`, { decision: 'ADMITTED_TO_TENDER', note: '无失信记录' }, as(reader));
    expect(use.status).toBe(201);
    expect(use.body).toMatchObject({ checkId, decision: 'ADMITTED_TO_TENDER' });
    const otherDepartment = await tokenFor(FINANCE_BUREAU, 'finance', 'reader');
    expect((await call('POST', `/api/v1/credit-checks/${checkId}/use`, { decision: 'X' }, as(otherDepartment))).status).toBe(403);
    expect((await call('POST', `/api/v1/credit-checks/${randomUUID()}/use`, { decision: 'X' }, as(reader))).status).toBe(404);
  });

  it('serves its OpenAPI document and health', async () => {
    const docs = await call('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/measures', '/api/v1/list-entries', '/api/v1/list-entries/{id}/exit', '/api/v1/credit-check/{subjectCode}', '/api/v1/credit-check/batch', '/api/v1/credit-checks/{checkId}/use']),
    );
    expect((await call('GET', '/health')).body).toMatchObject({ status: 'ok' });
  });
});
