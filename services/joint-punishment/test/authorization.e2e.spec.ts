/**
 * Who may do what in joint punishment, over HTTP against the compiled service on a real PostgreSQL
 * and Kafka: a listing only in the caller's own name and only on records of the listed subject that
 * the service has received; an exit only by the initiating unit; four eyes across departments,
 * compared by the token's `sub`; execution reports only on the unit's own measures; state conflicts
 * answered 409; non-public reads limited to the units concerned, and recorded when another unit
 * reads. Each refusal is read back to show nothing changed. Build first
 * (`npx tsc -b services/joint-punishment`).
 */
import { bearer, freshUscc } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { blackListEntry, CREDIT_OFFICE, defineMeasure, JointPunishmentFixture, officeToken, penaltyPublished, tokenFor } from './support/joint-punishment.fixture';

const MARKET_BUREAU = freshUscc('11450100');
const THIRD_DEPARTMENT = freshUscc('11450100');
const PROCUREMENT_CENTRE = freshUscc('12450100');
const TAX_BUREAU = freshUscc('11450100');

describe('who may do what in joint punishment', () => {
  let fixture: JointPunishmentFixture;
  let admin: string;
  let ops: string;
  let officeReviewer: string;
  let marketReviewer: string;
  let marketClerk: string;
  let thirdReviewer: string;
  let thirdReader: string;
  let procurementUnit: string;
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const procurementMeasure = `AZ-PROC-${suffix}`;
  const taxMeasure = `AZ-TAX-${suffix}`;

  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  /** A black-list entry the market bureau decides, resting on the given records. */
  const marketEntry = (subject: string, recordIds: string[], overrides: Record<string, unknown> = {}) =>
    blackListEntry(subject, recordIds, { initiatingUnit: { name: '南宁市市场监督管理局', code: MARKET_BUREAU }, ...overrides });
  const entriesOf = (subject: string) => fixture.query<{ id: string }>(`SELECT id FROM list_entries WHERE subject_key = $1`, [subject]);
  /** Who read the resource as another unit (restricted_reads, the platform's record of non-public reads). */
  const readersOf = async (resource: string, id: string) =>
    (await fixture.query<{ reader_unit: string }>(`SELECT reader_unit FROM restricted_reads WHERE resource = $1 AND resource_id = $2 ORDER BY id`, [resource, id])).map((r) => r.reader_unit);
  const streamOf = (id: string) => fixture.query<{ type: string }>(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [`list-entry-${id}`]);
  /** A subject the service knows, with one penalty in publicity; returns its penalty id. */
  const penalisedSubject = async (): Promise<[subject: string, penaltyId: string]> => {
    const subject = freshUscc();
    return [subject, await fixture.publishPenalty(subject)];
  };
  const listed = async (subject: string, penaltyId: string): Promise<string> => {
    const created = await call('POST', '/api/v1/list-entries', marketEntry(subject, [penaltyId]), bearer(marketReviewer));
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const nominate = async (subject: string): Promise<string> => {
    const body = {
      subjectCode: subject,
      list: 'BLACK',
      category: 'MARKET',
      basis: { recordIds: [], documents: [{ name: '列入严重违法失信名单决定书', number: `南市监列严〔2025〕${suffix}号` }] },
      decidedOn: '2025-03-04',
    };
    const submitted = await call('POST', '/api/v1/nominations', body, bearer(marketClerk));
    expect(submitted.status).toBe(201);
    return submitted.body.id;
  };

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'authorization', publisher: true });
    admin = await officeToken('admin');
    ops = await officeToken('ops');
    officeReviewer = await officeToken('reviewer');
    marketReviewer = await tokenFor(MARKET_BUREAU, 'market-reviewer', 'reviewer');
    marketClerk = await tokenFor(MARKET_BUREAU, 'market-clerk', 'submitter');
    thirdReviewer = await tokenFor(THIRD_DEPARTMENT, 'third-department', 'reviewer');
    thirdReader = await tokenFor(THIRD_DEPARTMENT, 'third-department', 'reader', 'submitter');
    procurementUnit = await tokenFor(PROCUREMENT_CENTRE, 'procurement-centre', 'submitter');
    await defineMeasure(call, admin, { code: procurementMeasure, unitCodes: [PROCUREMENT_CENTRE], scenarios: ['GOVERNMENT_PROCUREMENT'] });
    await defineMeasure(call, admin, { code: taxMeasure, unitCodes: [TAX_BUREAU], scenarios: ['FISCAL_FUNDING'] });
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  describe('posting a list entry', () => {
    it('refuses an entry in another unit\'s name with 403 and stores nothing', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const refused = await call(
        'POST',
        '/api/v1/list-entries',
        marketEntry(subject, [penaltyId], { initiatingUnit: { name: '另一单位', code: THIRD_DEPARTMENT } }),
        bearer(marketReviewer),
      );
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.detail).toContain(THIRD_DEPARTMENT);
      expect(await entriesOf(subject)).toEqual([]);
      expect((await call('GET', `/api/v1/list-entries?subjectCode=${subject}`, undefined, bearer(ops))).body.total).toBe(0);
    });

    it('accepts an administrator in any unit\'s name', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const forUnit = await call('POST', '/api/v1/list-entries', marketEntry(subject, [penaltyId]), bearer(admin));
      expect(forUnit.status).toBe(201);
      expect(forUnit.body.initiatingUnit.code).toBe(MARKET_BUREAU);
    });

    it('refuses a basis record not received yet with 422 naming it, and accepts the same entry once the record arrives', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      // The record exists in 双公示 but its event has not reached joint-punishment yet.
      const inFlight = penaltyPublished(subject, '2025-02-11', 'GENERAL');
      const body = marketEntry(subject, [penaltyId, inFlight.data.penaltyId]);
      const refused = await call('POST', '/api/v1/list-entries', body, bearer(marketReviewer));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ rule: 'list-entry.basis-record-known', errors: [{ field: 'basis.recordIds.1' }] });
      expect(refused.body.detail).toContain(inFlight.data.penaltyId);
      expect(refused.body.detail).toMatch(/not known here yet/);
      expect(await entriesOf(subject)).toEqual([]);

      await fixture.events.publish(inFlight);
      await fixture.penaltyReceived(inFlight.data.penaltyId);
      const accepted = await call('POST', '/api/v1/list-entries', body, bearer(marketReviewer));
      expect(accepted.status).toBe(201);
      expect(accepted.body.basis.recordIds).toEqual([penaltyId, inFlight.data.penaltyId]);
    });

    it('refuses a basis record of another subject with 422 naming it, and stores nothing', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const [, strangersPenalty] = await penalisedSubject();
      const refused = await call('POST', '/api/v1/list-entries', marketEntry(subject, [penaltyId, strangersPenalty]), bearer(marketReviewer));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ rule: 'list-entry.basis-record-of-subject', errors: [{ field: 'basis.recordIds.1' }] });
      expect(refused.body.detail).toContain(strangersPenalty);
      expect(await entriesOf(subject)).toEqual([]);
    });
  });

  describe('exiting a list entry', () => {
    it('refuses a third department with 403 and leaves the entry as it was', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const id = await listed(subject, penaltyId);
      const before = await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(marketReviewer));
      const refused = await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '第三方移出' }, bearer(thirdReviewer));
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain(MARKET_BUREAU);
      const after = await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(marketReviewer));
      expect(after.body).toEqual(before.body);
      expect(after.body).toMatchObject({ status: 'IN_FORCE' });
      expect(after.body.measures.every((m: { status: string }) => m.status === 'APPLIED')).toBe(true);
      expect((await streamOf(id)).map((e) => e.type)).not.toContain('joint-punishment.list-entry-exited');
    });

    it('lets the initiating unit exit once: a second exit is a conflict (409), also to an administrator', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const id = await listed(subject, penaltyId);
      const exited = await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '认定单位决定移出' }, bearer(marketReviewer));
      expect(exited.status).toBe(200);
      expect(exited.body).toMatchObject({ status: 'EXITED', exit: { trigger: 'DECISION' } });
      for (const token of [marketReviewer, admin]) {
        const again = await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '再次移出' }, bearer(token));
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({ type: 'urn:credit:problem:conflict', rule: 'list-entry.already-exited' });
      }
      expect((await streamOf(id)).filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(1);
      // A third department is refused before anything of the entry's state is said.
      expect((await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '移出' }, bearer(thirdReviewer))).status).toBe(403);
    });

    it('lets an administrator exit another unit\'s entry', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const id = await listed(subject, penaltyId);
      const exited = await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '依纸质决定移出' }, bearer(admin));
      expect(exited.status).toBe(200);
      expect(exited.body).toMatchObject({ status: 'EXITED' });
    });
  });

  describe('reviewing a nomination', () => {
    it('refuses the nominating department under another display name with 403, leaving it pending', async () => {
      const subject = freshUscc();
      await fixture.registerSubject(subject);
      const id = await nominate(subject);
      const sameDepartment = await tokenFor(MARKET_BUREAU, '市场监管局审核岗（另一名称）', 'reviewer');
      const refused = await call('POST', `/api/v1/nominations/${id}/review`, { approved: true, note: '同意' }, bearer(sameDepartment));
      expect(refused.status).toBe(403);
      const nomination = await call('GET', `/api/v1/nominations/${id}`, undefined, bearer(officeReviewer));
      expect(nomination.body).toMatchObject({ status: 'PENDING_REVIEW' });
      expect(nomination.body).not.toHaveProperty('review');
      expect(await entriesOf(subject)).toEqual([]);
    });

    it('takes one decision: a second review is a conflict (409) and lists nobody again', async () => {
      const subject = freshUscc();
      await fixture.registerSubject(subject);
      const id = await nominate(subject);
      const approved = await call('POST', `/api/v1/nominations/${id}/review`, { approved: true, note: '依据充分，同意列入' }, bearer(officeReviewer));
      expect(approved.status).toBe(200);
      const again = await call('POST', `/api/v1/nominations/${id}/review`, { approved: false, note: '再审' }, bearer(officeReviewer));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: 'urn:credit:problem:conflict', rule: 'nomination.already-reviewed' });
      const nomination = await call('GET', `/api/v1/nominations/${id}`, undefined, bearer(officeReviewer));
      expect(nomination.body).toMatchObject({ status: 'APPROVED', listEntryId: approved.body.listEntryId });
      expect(await entriesOf(subject)).toEqual([{ id: approved.body.listEntryId }]);
    });
  });

  describe('reporting an execution', () => {
    it('refuses a report on another linkage unit\'s measure with 403, in the caller\'s name or the other unit\'s, and stores nothing', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const id = await listed(subject, penaltyId);
      const report = (unitCode: string, measureCode: string) =>
        call('POST', '/api/v1/measure-executions', { listEntryId: id, measureCode, unitCode, outcome: 'APPLIED' }, bearer(procurementUnit));
      expect((await report(PROCUREMENT_CENTRE, taxMeasure)).status).toBe(403);
      expect((await report(TAX_BUREAU, taxMeasure)).status).toBe(403);
      expect(await fixture.query(`SELECT 1 FROM measure_executions WHERE list_entry_id = $1`, [id])).toEqual([]);
      // Its own measure it reports.
      expect((await report(PROCUREMENT_CENTRE, procurementMeasure)).status).toBe(201);
    });
  });

  describe('reading what is not public', () => {
    it('shows a list entry to its initiating unit, its linkage units, ops and admin (their reads recorded); to a third department it does not exist', async () => {
      const [subject, penaltyId] = await penalisedSubject();
      const id = await listed(subject, penaltyId);
      for (const token of [marketReviewer, procurementUnit]) {
        expect((await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(token))).status).toBe(200);
        expect((await call('GET', `/api/v1/list-entries?subjectCode=${subject}`, undefined, bearer(token))).body.total).toBe(1);
      }
      // The units the entry concerns read it without leaving a record.
      expect(await readersOf('list-entry', id)).toEqual([]);
      for (const token of [ops, admin]) {
        expect((await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(token))).status).toBe(200);
        expect((await call('GET', `/api/v1/list-entries?subjectCode=${subject}`, undefined, bearer(token))).body.total).toBe(1);
      }
      // Ops and admin (the credit office here) read another unit's entry: each read is on record.
      const [read] = await fixture.query<Record<string, unknown>>(`SELECT reader_unit, reader_roles, owner_units, read_at FROM restricted_reads WHERE resource_id = $1 ORDER BY id LIMIT 1`, [id]);
      expect(read).toMatchObject({ reader_unit: CREDIT_OFFICE, reader_roles: ['ops'], owner_units: expect.arrayContaining([MARKET_BUREAU, PROCUREMENT_CENTRE]), read_at: expect.any(Date) });
      expect(await readersOf('list-entry', id)).toEqual([CREDIT_OFFICE, CREDIT_OFFICE, CREDIT_OFFICE, CREDIT_OFFICE]);
      expect((await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(thirdReader))).status).toBe(404);
      const page = await call('GET', `/api/v1/list-entries?subjectCode=${subject}`, undefined, bearer(thirdReader));
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 0, items: [] });
    });

    it('shows a nomination to its department and to reviewers, ops and admin; not to another department', async () => {
      const subject = freshUscc();
      await fixture.registerSubject(subject);
      const id = await nominate(subject);
      expect((await call('GET', `/api/v1/nominations/${id}`, undefined, bearer(marketClerk))).status).toBe(200);
      expect(await readersOf('nomination', id)).toEqual([]);
      for (const token of [thirdReviewer, ops, admin]) {
        expect((await call('GET', `/api/v1/nominations/${id}`, undefined, bearer(token))).status).toBe(200);
      }
      // Read by units other than the nominating one: on record.
      expect(await readersOf('nomination', id)).toEqual([THIRD_DEPARTMENT, CREDIT_OFFICE, CREDIT_OFFICE]);
      const listedTo = async (token: string) =>
        (await call('GET', '/api/v1/nominations?pageSize=500', undefined, bearer(token))).body.items.map((n: { id: string }) => n.id);
      expect(await listedTo(marketClerk)).toContain(id);
      expect(await listedTo(thirdReviewer)).toContain(id);
      expect((await call('GET', `/api/v1/nominations/${id}`, undefined, bearer(thirdReader))).status).toBe(404);
      expect(await listedTo(thirdReader)).not.toContain(id);
    });
  });
});
