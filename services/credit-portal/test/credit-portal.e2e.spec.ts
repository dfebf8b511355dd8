/**
 * The credit website's read side as the public meets it: the compiled service in its own process,
 * consuming credit.subject-events in a fresh consumer group on a throwaway database, subject
 * events published here as their producers publish them, pages read over HTTP without a token
 * (views as of a past instant with a reader's token, each read recorded).
 * Build first (`npm run build`, or `npx tsc -b services/credit-portal`).
 */
import {
  type CommitmentClosedV1,
  type CommitmentFulfilmentRecordedV1,
  type CommitmentSignedV1,
  type EventEnvelope,
  type InspectionPlanDrawnV1,
  type InspectionResultRecordedV1,
  type ListEntryCreatedV1,
  type ListEntryExitedV1,
  type PenaltyPublicityWithdrawnV1,
  type PenaltyPublishedV1,
  type PenaltySubject,
  type SubjectRegisteredV1,
} from '@credit/contracts';
import { maskIdNumber, SubjectKind, subjectKeyFor, todayInShanghai } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  devEnv,
  freshCitizenId,
  freshUscc,
  mintToken,
  queryDatabase,
  ServiceProcess,
  type TestDatabase,
  testEnvelope,
  TestEventPublisher,
  waitFor,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

const MARKET_REGULATION = '11450100007712342F';
const UNIT = { name: '南宁市市场监督管理局', code: MARKET_REGULATION };
/** A department that reads the website as it was (role reader). */
const CREDIT_OFFICE = freshUscc('11450100');
/** Consuming the shared topic from its beginning can take a while on a busy machine. */
const CONSUMED_WITHIN = { timeoutMs: 90_000, intervalMs: 250 };

/**
 * A valid Nanning ID number with a random birth date. The service reads the shared topic from its
 * beginning, where earlier runs left people born on freshCitizenId()'s single date: one of those
 * would share the subject key and bring its own records onto this person's page.
 */
describe('credit-portal: the public website over Kafka and HTTP', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let publisher: TestEventPublisher;
  let reader: string;
  const call = apiCaller(() => service.url);
  const get = (path: string, token?: string) => call('GET', `/api/v1/public${path}`, undefined, token === undefined ? undefined : bearer(token));
  /** The as-of reads recorded of a subject (by its key), oldest first. */
  const readsOf = (subjectKey: string) =>
    queryDatabase(db.url, `SELECT * FROM restricted_reads WHERE resource = 'subject-as-of' AND resource_id = $1 ORDER BY id`, [subjectKey]);

  const envelope = <T>(subjectKey: string, type: string, stream: string, data: T) => testEnvelope({ type, subjectKey, stream, data });
  const publish = (...events: EventEnvelope[]) => publisher.publish(...events);

  const registered = (subjectKey: string, data: Omit<SubjectRegisteredV1, 'legacyCodes'>) =>
    envelope<SubjectRegisteredV1>(subjectKey, 'subject-registry.subject-registered', `subject-${subjectKey}`, { ...data, legacyCodes: [] });
  const penalty = (subjectKey: string, subject: PenaltySubject, publicity: { from: string; maximumUntil: string }) => {
    const penaltyId = randomUUID();
    return envelope<PenaltyPublishedV1>(subjectKey, 'double-publicity.penalty-published', `penalty-${penaltyId}`, {
      penaltyId,
      decisionNumber: `南市监罚〔2025〕${Math.floor(Math.random() * 10_000)}号`,
      subject,
      violationType: '虚假宣传',
      violationFacts: '在网站发布虚假广告',
      basis: '《中华人民共和国广告法》第五十五条',
      categories: ['警告'],
      content: '警告',
      decidedOn: publicity.from,
      severity: 'GENERAL',
      procedure: 'ORDINARY',
      authority: UNIT,
      sourceUnit: UNIT,
      timely: true,
      publicity: { status: 'PUBLISHED', regime: '2021', from: publicity.from, minimumUntil: publicity.from, maximumUntil: publicity.maximumUntil },
    });
  };
  const listEntry = (subjectKey: string, subjectCode: string | null, maskedCode: string, list: 'BLACK' | 'RED', validUntil?: string) => {
    const listEntryId = randomUUID();
    return envelope<ListEntryCreatedV1>(subjectKey, 'joint-punishment.list-entry-created', `list-entry-${listEntryId}`, {
      listEntryId,
      subjectCode,
      maskedCode,
      list,
      category: list === 'BLACK' ? '市场监管严重违法失信名单' : '守信激励名单',
      basis: { recordIds: [], document: '南市监信〔2025〕12号' },
      initiatingUnit: UNIT,
      decidedOn: '2025-07-01',
      ...(validUntil !== undefined && { validUntil }),
    });
  };
  const commitment = (subjectKey: string, code: string, validUntil: string) => {
    const commitmentId = randomUUID();
    return envelope<CommitmentSignedV1>(subjectKey, 'commitments.commitment-signed', `commitment-${commitmentId}`, {
      commitmentId,
      subject: { kind: 'LEGAL_PERSON', code, maskedCode: code },
      type: 'CERTIFICATION',
      matter: '营业执照办理证明事项',
      text: '本单位承诺所提交材料真实有效',
      signedOn: '2023-01-05',
      validUntil,
      public: true,
      acceptingUnit: UNIT,
    });
  };
  const idsOf = (items: { id: string }[]) => items.map((item) => item.id).sort();
  /** Every entry of a public list, page by page (the shared topic's history fills the lists too). */
  const listed = async (list: 'black-list' | 'red-list') => {
    const items: { id: string }[] = [];
    for (let page = 1; ; page += 1) {
      const res = await get(`/${list}?page=${page}&pageSize=500`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page, pageSize: 500 });
      items.push(...res.body.items);
      if (res.body.items.length < 500) {
        expect(items).toHaveLength(res.body.total);
        return items;
      }
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('credit_portal_e2e');
    publisher = await TestEventPublisher.connect({ clientId: 'credit-portal-e2e' });
    service = await ServiceProcess.underTest('credit-portal', db);
    reader = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await db?.drop();
  });

  it('shows a penalty and list entries in force without a token, drops them on withdrawal and exit, and answers as of an earlier time only to a reader, each read recorded', async () => {
    const code = freshUscc('91450100');
    const name = `南宁市示例科技有限公司${code.slice(8, 14)}`;
    const subject: PenaltySubject = { kind: 'LEGAL_PERSON', code, maskedCode: code, name };
    const inPublicity = penalty(code, subject, { from: '2025-06-03', maximumUntil: '2099-06-02' });
    // Past its maximum publicity period (domain.md §3): never shown, whatever else happens.
    const expired = penalty(code, subject, { from: '2021-03-02', maximumUntil: '2024-03-01' });
    const black = listEntry(code, code, code, 'BLACK');
    const red = listEntry(code, code, code, 'RED', '2099-12-31');
    const expiredRed = listEntry(code, code, code, 'RED', '2024-12-31');
    const binding = commitment(code, code, '2099-01-04');
    const lapsed = commitment(code, code, '2024-01-04');
    await publish(registered(code, { kind: 'LEGAL_PERSON', code, maskedCode: code, name }), inPublicity, expired, black, red, expiredRed, binding, lapsed);

    const page = await waitFor(async () => {
      const res = await get(`/subjects/${code}`);
      return res.status === 200 && res.body.lists.length === 2 && res.body.commitments.length === 1 && res.body;
    }, { ...CONSUMED_WITHIN, description: 'the subject page with its penalty, list entries and commitment' });
    expect(page.subject).toEqual({ name, kind: 'LEGAL_PERSON', code });
    expect(page.penalties).toEqual([
      expect.objectContaining({
        id: inPublicity.data.penaltyId,
        decisionNumber: inPublicity.data.decisionNumber,
        publicity: { from: '2025-06-03', until: '2099-06-02' },
      }),
    ]);
    expect(idsOf(page.lists)).toEqual(idsOf([{ id: black.data.listEntryId }, { id: red.data.listEntryId }]));
    expect(page.commitments).toEqual([expect.objectContaining({ id: binding.data.commitmentId, validUntil: '2099-01-04', fulfilment: null })]);

    // The public lists: in force only, the subject as the website shows it.
    expect(await listed('black-list')).toContainEqual(expect.objectContaining({ id: black.data.listEntryId, list: 'BLACK', subject: { name, kind: 'LEGAL_PERSON', code } }));
    const redIds = (await listed('red-list')).map((i) => i.id);
    expect(redIds).toContain(red.data.listEntryId);
    expect(redIds).not.toContain(expiredRed.data.listEntryId);

    // An instant between publication and withdrawal, strictly after the first and before the second.
    await new Promise((r) => setTimeout(r, 20));
    const beforeWithdrawal = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await publish(
      envelope<PenaltyPublicityWithdrawnV1>(code, 'double-publicity.penalty-publicity-withdrawn', inPublicity.stream, {
        penaltyId: inPublicity.data.penaltyId,
        reason: 'REVOCATION',
        document: '南府复决〔2025〕3号',
        withdrawnOn: '2025-09-11',
      }),
      envelope<ListEntryExitedV1>(code, 'joint-punishment.list-entry-exited', black.stream, {
        listEntryId: black.data.listEntryId,
        trigger: 'PUBLICITY_WITHDRAWN',
        reason: '据以列入的行政处罚已撤销',
        exitedOn: '2025-09-11',
      }),
    );
    const after = await waitFor(async () => {
      const res = await get(`/subjects/${code}`);
      return res.status === 200 && res.body.penalties.length === 0 && res.body.lists.length === 1 && res.body;
    }, { ...CONSUMED_WITHIN, description: 'the withdrawn penalty and the exited entry to leave the page' });
    expect(idsOf(after.lists)).toEqual([red.data.listEntryId]);
    const blackIds = (await listed('black-list')).map((i) => i.id);
    expect(blackIds).not.toContain(black.data.listEntryId);

    // The past is not public: the anonymous portal shows only the present, another role sees nothing either.
    const anonymous = await get(`/subjects/${code}?asOf=${encodeURIComponent(beforeWithdrawal)}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
    expect(anonymous.body).toMatchObject({ type: 'urn:credit:problem:unauthorized' });
    expect(anonymous.text).not.toContain(inPublicity.data.penaltyId);
    const submitter = await mintToken({ sub: MARKET_REGULATION, name: 'market-bureau', roles: ['submitter'] });
    expect((await get(`/subjects/${code}?asOf=${encodeURIComponent(beforeWithdrawal)}`, submitter)).status).toBe(403);
    expect((await get(`/subjects/${code}?asOf=`)).status).toBe(401);
    expect(await readsOf(code)).toEqual([]);

    // As of an instant before the withdrawal the website still showed both; as of now it does not.
    const then = await get(`/subjects/${code}?asOf=${encodeURIComponent(beforeWithdrawal)}`, reader);
    expect(then.status).toBe(200);
    expect(then.body.asOf).toBe(beforeWithdrawal);
    expect(then.body.penalties.map((p: { id: string }) => p.id)).toEqual([inPublicity.data.penaltyId]);
    expect(idsOf(then.body.lists)).toEqual(idsOf([{ id: black.data.listEntryId }, { id: red.data.listEntryId }]));
    // Who read which subject as of when, and when: one row per read, the refused ones none.
    const [recorded, ...others] = await readsOf(code);
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({
      reader_unit: CREDIT_OFFICE,
      reader_name: 'credit-office',
      reader_roles: ['reader'],
      detail: { asOf: beforeWithdrawal, shown: true },
      correlation_id: expect.any(String),
    });
    expect(Date.now() - new Date(recorded.read_at).getTime()).toBeLessThan(60_000);

    const now = await get(`/subjects/${code}?asOf=${encodeURIComponent(new Date().toISOString())}`, reader);
    expect(now.status).toBe(200);
    expect(now.body.penalties).toEqual([]);
    expect(idsOf(now.body.lists)).toEqual([red.data.listEntryId]);
    // Before the subject's first event there was nothing to show; the read is recorded all the same.
    expect((await get(`/subjects/${code}?asOf=2020-01-01T00:00:00%2B08:00`, reader)).status).toBe(404);
    expect((await readsOf(code)).map((r) => r.detail.shown)).toEqual([true, true, false]);
  }, 240_000);

  it("keeps a subject's credit file: repaired and exited records with their history, for a reader and the subject itself, every read recorded", async () => {
    const code = freshUscc('91450100');
    const name = `南宁市档案测试有限公司${code.slice(8, 14)}`;
    const subject: PenaltySubject = { kind: 'LEGAL_PERSON', code, maskedCode: code, name };
    const repaired = penalty(code, subject, { from: '2025-06-03', maximumUntil: '2099-06-02' });
    const standing = penalty(code, subject, { from: '2025-07-03', maximumUntil: '2099-07-02' });
    const black = listEntry(code, code, code, 'BLACK');
    await publish(
      registered(code, { kind: 'LEGAL_PERSON', code, maskedCode: code, name }),
      repaired,
      standing,
      black,
      envelope<PenaltyPublicityWithdrawnV1>(code, 'double-publicity.penalty-publicity-withdrawn', repaired.stream, {
        penaltyId: repaired.data.penaltyId,
        reason: 'REPAIR',
        repairApplicationId: randomUUID(),
        withdrawnOn: '2025-10-09',
      } as PenaltyPublicityWithdrawnV1),
      envelope<ListEntryExitedV1>(code, 'joint-punishment.list-entry-exited', black.stream, { listEntryId: black.data.listEntryId, trigger: 'REPAIR', reason: '信用修复', exitedOn: '2025-10-09' }),
    );
    const page = await waitFor(async () => {
      const res = await get(`/subjects/${code}`);
      return res.status === 200 && res.body.penalties.length === 1 && res.body.lists.length === 0 && res.body;
    }, { ...CONSUMED_WITHIN, description: 'the repaired penalty and exited entry off the page' });
    expect(page.penalties.map((p: { id: string }) => p.id)).toEqual([standing.data.penaltyId]);

    const file = await call('GET', `/api/v1/subjects/${code}/file`, undefined, bearer(reader));
    expect(file.status).toBe(200);
    expect(file.body.subject).toEqual({ name, kind: 'LEGAL_PERSON', code });
    const byId = Object.fromEntries(file.body.penalties.map((p: { id: string }) => [p.id, p]));
    expect(byId[repaired.data.penaltyId]).toMatchObject({
      status: 'WITHDRAWN',
      record: { decisionNumber: repaired.data.decisionNumber },
      history: [
        expect.objectContaining({ type: 'double-publicity.penalty-published', eventId: repaired.id }),
        expect.objectContaining({ type: 'double-publicity.penalty-publicity-withdrawn', reason: 'REPAIR' }),
      ],
    });
    expect(byId[standing.data.penaltyId]).toMatchObject({ status: 'SHOWN' });
    expect(file.body.listEntries).toEqual([expect.objectContaining({ id: black.data.listEntryId, status: 'EXITED', history: [expect.anything(), expect.objectContaining({ reason: 'REPAIR' })] })]);

    // The subject itself reads its file; another department's submitter does not.
    const own = await mintToken({ sub: code, name: 'the-subject', roles: ['submitter'] });
    expect((await call('GET', `/api/v1/subjects/${code}/file`, undefined, bearer(own))).status).toBe(200);
    const stranger = await mintToken({ sub: freshUscc('11450100'), name: 'other', roles: ['submitter'] });
    expect((await call('GET', `/api/v1/subjects/${code}/file`, undefined, bearer(stranger))).status).toBe(403);
    expect((await call('GET', `/api/v1/subjects/${code}/file`)).status).toBe(401);
    expect((await call('GET', `/api/v1/subjects/${freshUscc('91450100')}/file`, undefined, bearer(reader))).status).toBe(404);
    const reads = await queryDatabase(db.url, `SELECT reader_unit FROM restricted_reads WHERE resource = 'credit-file' AND resource_id = $1 ORDER BY id`, [code]);
    expect(reads.map((r: { reader_unit: string }) => r.reader_unit)).toEqual([CREDIT_OFFICE, code]);
  });

  it('refuses a malformed asOf with 400 (401 without a token) and answers 404 for a subject it has never seen', async () => {
    const code = freshUscc('91450100');
    for (const asOf of ['yesterday', '2025-02-30T10:00:00%2B08:00', '2025-06-01T10:00:00']) {
      expect((await get(`/subjects/${code}?asOf=${asOf}`)).status).toBe(401);
      const res = await get(`/subjects/${code}?asOf=${asOf}`, reader);
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    }
    const unknown = await get(`/subjects/${code}`);
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect((await get('/subjects/not-a-code')).status).toBe(404);
  });

  it('shows a natural person masked everywhere, finds them by name or whole ID number, and never echoes or logs the number', async () => {
    const idNumber = freshCitizenId();
    const key = subjectKeyFor(SubjectKind.NATURAL_PERSON, idNumber, devEnv().SUBJECT_KEY_SECRET);
    const masked = maskIdNumber(idNumber);
    const fullName = '张三';
    const subject: PenaltySubject = { kind: 'NATURAL_PERSON', code: null, maskedCode: masked, name: fullName };
    const fine = penalty(key, subject, { from: '2025-06-03', maximumUntil: '2099-06-02' });
    const black = listEntry(key, null, masked, 'BLACK');
    await publish(registered(key, { kind: 'NATURAL_PERSON', code: null, maskedCode: masked, name: fullName }), fine, black);

    const page = await waitFor(async () => {
      const res = await get(`/subjects/${idNumber}`);
      return res.status === 200 && res.body.lists.length === 1 && res;
    }, { ...CONSUMED_WITHIN, description: "the person's page" });
    const shown = { name: '张*', kind: 'NATURAL_PERSON', code: masked };
    expect(page.body.subject).toEqual(shown);
    expect(page.body.penalties.map((p: { id: string }) => p.id)).toEqual([fine.data.penaltyId]);

    const blackList = await listed('black-list');
    expect(blackList).toContainEqual(expect.objectContaining({ id: black.data.listEntryId, subject: shown }));

    const byNumber = await get(`/subjects?q=${idNumber}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body).toEqual({ items: [shown], page: 1, pageSize: 50, total: 1 });
    // Other 张三 may be on the website too (the topic's history); this one is among them.
    const byName = await get(`/subjects?q=${encodeURIComponent(fullName)}&pageSize=500`);
    expect(byName.body.items).toContainEqual(shown);
    // Not by a part of the number: the visible digits of the masked code would enumerate people.
    for (const prefix of [masked.slice(0, 6), idNumber.slice(0, 10)]) {
      const byPrefix = await get(`/subjects?q=${prefix}&pageSize=500`);
      expect(byPrefix.status).toBe(200);
      expect(byPrefix.body.items.filter((s: { kind: string }) => s.kind === 'NATURAL_PERSON')).toEqual([]);
      expect(byPrefix.text).not.toContain(idNumber);
    }

    const asOf = await get(`/subjects/${idNumber}?asOf=${encodeURIComponent(new Date().toISOString())}`, reader);
    expect(asOf.status).toBe(200);
    expect(asOf.body.subject).toEqual(shown);
    // The read is recorded and logged under the person's key, never the clear number.
    const reads = await readsOf(key);
    expect(reads).toEqual([expect.objectContaining({ reader_unit: CREDIT_OFFICE, detail: expect.objectContaining({ shown: true }) })]);
    expect(JSON.stringify(reads)).not.toContain(idNumber);
    await waitFor(() => service.logs().includes(`subject-as-of ${key} read by ${CREDIT_OFFICE}`), { timeoutMs: 5_000, description: 'the restricted read log line' });
    for (const text of [page.text, JSON.stringify(blackList), byNumber.text, byName.text, asOf.text]) {
      expect(text).not.toContain(idNumber);
      expect(text).not.toContain(fullName);
    }
    // The requests above were logged (the path masked), never with the clear number.
    await waitFor(() => service.logs().includes(`/subjects/${masked}`), { timeoutMs: 5_000, description: 'the request log line' });
    expect(service.logs()).not.toContain(idNumber);
  }, 240_000);

  it('finds organisations by part of the name or the start of the USCC, paged, with LIKE wildcards taken literally', async () => {
    const token = `检索${randomUUID().slice(0, 8)}`;
    const first = freshUscc('91450100');
    const second = freshUscc('92450100');
    await publish(
      registered(first, { kind: 'LEGAL_PERSON', code: first, maskedCode: first, name: `甲${token}有限公司` }),
      registered(second, { kind: 'INDIVIDUAL_BUSINESS', code: second, maskedCode: second, name: `乙${token}经营部` }),
    );
    const all = await waitFor(async () => {
      const res = await get(`/subjects?q=${encodeURIComponent(token)}`);
      return res.status === 200 && res.body.total === 2 && res.body;
    }, { ...CONSUMED_WITHIN, description: 'both organisations to be searchable' });
    expect(all.items).toHaveLength(2);
    expect(all.items).toEqual(
      expect.arrayContaining([
        { name: `甲${token}有限公司`, kind: 'LEGAL_PERSON', code: first },
        { name: `乙${token}经营部`, kind: 'INDIVIDUAL_BUSINESS', code: second },
      ]),
    );

    // Pages follow one stable order: page 1 and page 2 of size 1 are the two items of the whole answer.
    const firstPage = await get(`/subjects?q=${encodeURIComponent(token)}&pageSize=1`);
    const secondPage = await get(`/subjects?q=${encodeURIComponent(token)}&page=2&pageSize=1`);
    expect(firstPage.body).toEqual({ items: [all.items[0]], page: 1, pageSize: 1, total: 2 });
    expect(secondPage.body).toEqual({ items: [all.items[1]], page: 2, pageSize: 1, total: 2 });
    const byCode = await get(`/subjects?q=${first.slice(0, 14).toLowerCase()}`);
    expect(byCode.body.items).toContainEqual({ name: `甲${token}有限公司`, kind: 'LEGAL_PERSON', code: first });
    expect((await get(`/subjects?q=${encodeURIComponent(`%${token.slice(2)}`)}`)).body.total).toBe(0);

    expect((await get('/subjects')).status).toBe(400);
    expect((await get('/subjects?q=%20%20')).status).toBe(400);
    expect((await get(`/subjects?q=${encodeURIComponent(token)}&pageSize=501`)).status).toBe(400);
    expect((await get('/black-list?page=0')).status).toBe(400);
  }, 240_000);

  it('ranks search results: the whole name, then names starting with the text, then names containing it earlier and shorter', async () => {
    const token = `排序${randomUUID().slice(0, 6)}`;
    const names = [`广西${token}很长很长的名称有限公司`, `${token}有限公司`, `${token}`, `南宁${token}公司`];
    const codes = names.map(() => freshUscc('91450100'));
    await publish(...names.map((name, i) => registered(codes[i], { kind: 'LEGAL_PERSON', code: codes[i], maskedCode: codes[i], name })));
    const found = await waitFor(async () => {
      const res = await get(`/subjects?q=${encodeURIComponent(token)}`);
      return res.status === 200 && res.body.total === 4 && res.body;
    }, { ...CONSUMED_WITHIN, description: 'the four organisations to be searchable' });
    expect(found.items.map((item: { name: string }) => item.name)).toEqual([token, `${token}有限公司`, `南宁${token}公司`, `广西${token}很长很长的名称有限公司`]);
    // The whole USCC ranks its subject first even when a name contains the same characters.
    const byCode = await get(`/subjects?q=${codes[3]}`);
    expect(byCode.body.items[0]).toEqual({ name: names[3], kind: 'LEGAL_PERSON', code: codes[3] });
    // A two-character fragment finds them too.
    const short = await get(`/subjects?q=${encodeURIComponent(token.slice(0, 2))}&pageSize=500`);
    expect(short.status).toBe(200);
    expect(short.body.total).toBeGreaterThanOrEqual(4);
  }, 240_000);

  it('publishes a 双随机 inspection plan from the day after its date (一公开), with the drawn subjects masked and their results, cacheable', async () => {
    const department = { name: '南宁市市场监督管理局', code: freshUscc('11450100') };
    const company = freshUscc('91450100');
    const idNumber = freshCitizenId();
    const person = subjectKeyFor(SubjectKind.NATURAL_PERSON, idNumber, devEnv().SUBJECT_KEY_SECRET);
    const masked = maskIdNumber(idNumber);
    const plan = (inspectionDate: string): InspectionPlanDrawnV1 => ({
      planId: randomUUID(),
      department,
      seed: 'portal-e2e',
      baseRatio: 0.5,
      multipliers: { A: 0.5, B: 1, C: 2, D: 4 },
      ratiosByGrade: { A: 0.25, B: 0.5, C: 1, D: 1 },
      population: { A: 0, B: 1, C: 1, D: 0 },
      inspectors: ['李检查', '王执法', '赵监管'],
      selected: [
        { subjectKey: company, subjectCode: company, grade: 'C', graded: true, inspectors: ['李检查', '王执法'] },
        { subjectKey: person, subjectCode: masked, grade: 'B', graded: false, inspectors: ['王执法', '赵监管'] },
      ],
      algorithm: 'sha256-rank-v1',
      ruleVersion: 1,
      drawnOn: '2026-11-02',
      inspectionDate,
    });
    const past = plan('2026-11-05');
    const future = plan(todayInShanghai());
    const drawn = (p: InspectionPlanDrawnV1) => envelope(null as unknown as string, 'grading-supervision.inspection-plan-drawn', `inspection-plan-${p.planId}`, p);
    const result: InspectionResultRecordedV1 = {
      planId: past.planId,
      resultId: randomUUID(),
      subjectKey: company,
      subjectCode: company,
      outcome: 'PROBLEM_FOUND',
      note: '未按规定公示年度报告',
      departmentCode: department.code,
      reportedOn: '2026-11-20',
    };
    await publish(
      registered(company, { kind: 'LEGAL_PERSON', code: company, maskedCode: company, name: '南宁市抽查示例有限公司' }),
      registered(person, { kind: 'NATURAL_PERSON', code: null, maskedCode: masked, name: '张三丰' }),
      drawn(past),
      drawn(future),
      envelope(company, 'grading-supervision.inspection-result-recorded', `inspection-plan-${past.planId}`, result),
    );

    const shown = await waitFor(async () => {
      const res = await get(`/inspection-plans/${past.planId}`);
      return res.status === 200 && res.body.selected.some((s: { result: unknown }) => s.result !== null) && res;
    }, { ...CONSUMED_WITHIN, description: 'the past plan with its result on the website' });
    expect(shown.body).toMatchObject({ id: past.planId, department, inspectionDate: '2026-11-05', drawnOn: '2026-11-02', selectedCount: 2, seed: 'portal-e2e' });
    expect(shown.body.selected).toEqual([
      { subject: { name: '南宁市抽查示例有限公司', kind: 'LEGAL_PERSON', code: company }, grade: 'C', inspectors: ['李检查', '王执法'], result: { outcome: 'PROBLEM_FOUND', note: '未按规定公示年度报告', reportedOn: '2026-11-20' } },
      { subject: { name: '张**', kind: 'NATURAL_PERSON', code: masked }, grade: 'B', inspectors: ['王执法', '赵监管'], result: null },
    ]);
    expect(JSON.stringify(shown.body)).not.toContain(idNumber);
    expect(JSON.stringify(shown.body)).not.toContain(person);

    // Dated today: not public until tomorrow, as unknown as a plan that never was.
    await waitFor(async () => (await queryDatabase(db.url, 'SELECT 1 FROM public_inspection_plans WHERE plan_id = $1', [future.planId])).length === 1, {
      ...CONSUMED_WITHIN,
      description: 'the plan dated today to be kept',
    });
    expect((await get(`/inspection-plans/${future.planId}`)).status).toBe(404);
    expect((await get(`/inspection-plans/${randomUUID()}`)).status).toBe(404);
    const listing = await get(`/inspection-plans?department=${department.code}`);
    expect(listing.status).toBe(200);
    expect(listing.body).toMatchObject({ page: 1, total: 1, items: [{ id: past.planId, selectedCount: 2, inspectionDate: '2026-11-05' }] });
    expect((await get(`/inspection-plans?department=${department.code}&from=2026-11-06`)).body.total).toBe(0);

    const url = `${service.url}/api/v1/public/inspection-plans/${past.planId}`;
    const etag = (await fetch(url)).headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await get('/inspection-plans?department=not-a-code')).status).toBe(400);
    expect((await get('/inspection-plans?from=2026-12-01&to=2026-11-01')).status).toBe(400);
  }, 240_000);

  it('lists the public commitments still binding with their fulfilment (信用承诺公示) and counts them per accepting unit', async () => {
    const unit = { name: '南宁市行政审批局', code: freshUscc('11450100') };
    const code = freshUscc('91450100');
    const signed = (over: Partial<CommitmentSignedV1> = {}) => {
      const event = commitment(code, code, '2099-01-01');
      return { ...event, data: { ...event.data, acceptingUnit: unit, ...over } };
    };
    const found = (c: EventEnvelope<CommitmentSignedV1>, outcome: CommitmentFulfilmentRecordedV1['outcome']) =>
      envelope<CommitmentFulfilmentRecordedV1>(code, 'commitments.commitment-fulfilment-recorded', c.stream, { commitmentId: c.data.commitmentId, outcome, note: '核查', decidedOn: '2026-03-01' });
    const pending = signed({ signedOn: '2026-01-03' });
    const kept = signed({ signedOn: '2026-01-02' });
    const broken = signed({ signedOn: '2026-01-01' });
    const notPublic = signed({ public: false });
    const withdrawn = signed();
    const lapsed = signed({ validUntil: '2025-12-31' });
    await publish(
      registered(code, { kind: 'LEGAL_PERSON', code, maskedCode: code, name: '南宁市承诺示例有限公司' }),
      pending, kept, broken, notPublic, withdrawn, lapsed,
      found(kept, 'FULFILLED'),
      found(broken, 'BREACHED'),
      envelope<CommitmentClosedV1>(code, 'commitments.commitment-closed', withdrawn.stream, { commitmentId: withdrawn.data.commitmentId, status: 'WITHDRAWN', reason: '承诺人撤回', decidedOn: '2026-02-01' }),
    );
    const listing = await waitFor(async () => {
      const res = await get(`/commitments?department=${unit.code}`);
      return res.status === 200 && res.body.total === 3 && res.body.items.some((c: { fulfilment: string | null }) => c.fulfilment === 'BREACHED') && res.body;
    }, { ...CONSUMED_WITHIN, description: 'the three commitments shown, with their findings' });
    expect(listing.items.map((c: { id: string; fulfilment: string | null }) => [c.id, c.fulfilment])).toEqual([
      [pending.data.commitmentId, null],
      [kept.data.commitmentId, 'FULFILLED'],
      [broken.data.commitmentId, 'BREACHED'],
    ]);
    expect(listing.items[0]).toMatchObject({ acceptingUnit: unit, subject: { name: '南宁市承诺示例有限公司', kind: 'LEGAL_PERSON', code }, signedOn: '2026-01-03' });
    expect((await get(`/commitments?department=${unit.code}&fulfilment=PENDING`)).body.items.map((c: { id: string }) => c.id)).toEqual([pending.data.commitmentId]);
    const figures = await get(`/commitments/statistics?department=${unit.code}`);
    expect(figures.status).toBe(200);
    expect(figures.body.units).toEqual([{ unit, shown: 3, fulfilled: 1, breached: 1, false: 0, pending: 1, fulfilmentRate: 0.5 }]);
    expect((await get('/commitments?fulfilment=MAYBE')).status).toBe(400);
    expect((await get('/commitments/statistics?department=x')).status).toBe(400);
  }, 240_000);
});
