/**
 * The closed loop of domain.md §5 over HTTP and Kafka: 认定发起 (nomination) → review → in force
 * with the subject notified → 响应实施 (one application per measure and linkage unit) → 跟踪反馈
 * (executions) → 修复退出 (exit, every measure lifted once, each lift acknowledged under the exit's
 * correlation id) → the monthly report; for a black-list entry exited by repair and a red-list
 * entry exited by decision; then the bad inputs, each refused with nothing stored. Build first.
 */
import { TOPICS, type SubjectRegisteredV1 } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { bearer, freshCitizenId, freshUscc, testEnvelope, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import {
  CREDIT_OFFICE,
  defineMeasure,
  JointPunishmentFixture,
  officeToken,
  penaltyPublished,
  repairApproved,
  tokenFor,
} from './support/joint-punishment.fixture';

/** The deciding unit (market regulation) and two linkage units for the black list, one for the red list. */
const MARKET_BUREAU = freshUscc('11450100');
const PROCUREMENT_CENTRE = freshUscc('12450100');
const TAX_BUREAU = freshUscc('11450100');
const APPROVAL_BUREAU = freshUscc('11450100');

describe('the list loop: nomination → review → in force → executions → exit → monthly report', () => {
  let fixture: JointPunishmentFixture;
  let admin: string;
  let ops: string;
  let clerk: string;
  let clerkAsReviewer: string;
  /** The market bureau's reviewer: lists in the bureau's name and takes its entries off. */
  let reviewer: string;
  /** The credit office's reviewer: reviews the bureau's nominations (four eyes across departments). */
  let officeReviewer: string;
  let procurementUnit: string;
  let taxUnit: string;
  let approvalUnit: string;
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const BLACK_CATEGORY = `LOOP_SERIOUS_${suffix}`;
  const RED_CATEGORY = `LOOP_MODEL_${suffix}`;
  const black = { procurement: `LOOP-P-PROC-${suffix}`, tender: `LOOP-P-TENDER-${suffix}`, tax: `LOOP-P-TAX-${suffix}` };
  const red = { green: `LOOP-I-GREEN-${suffix}`, tolerant: `LOOP-I-TOLERANT-${suffix}` };
  const month = todayInShanghai().slice(0, 7);

  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  const report = (token: string, body: Record<string, unknown>) => call('POST', '/api/v1/measure-executions', body, bearer(token));
  const eventsOf = (stream: string) =>
    fixture.query<{ type: string; data: Record<string, string>; correlation_id: string }>(
      `SELECT type, data, correlation_id FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [stream],
    );
  const known = (subjectKey: string) =>
    waitFor(async () => (await fixture.query(`SELECT 1 FROM known_subjects WHERE subject_key = $1`, [subjectKey])).length === 1, {
      timeoutMs: 60_000,
      description: `subject ${subjectKey} known`,
    });
  const nominationBody = (subjectCode: string, overrides: Record<string, unknown> = {}) => ({
    subjectCode,
    list: 'BLACK',
    category: BLACK_CATEGORY,
    basis: { recordIds: [], documents: [{ name: '列入严重违法失信名单决定书', number: `南市监列严〔2025〕${suffix}号` }] },
    decidedOn: '2025-03-04',
    ...overrides,
  });

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'loop', probeTopics: [TOPICS.subjectEvents], publisher: true });
    admin = await officeToken('admin');
    ops = await officeToken('ops');
    clerk = await tokenFor(MARKET_BUREAU, 'market-clerk', 'submitter');
    clerkAsReviewer = await tokenFor(MARKET_BUREAU, 'market-clerk', 'reviewer');
    reviewer = await tokenFor(MARKET_BUREAU, 'market-reviewer', 'reviewer');
    officeReviewer = await officeToken('reviewer');
    procurementUnit = await tokenFor(PROCUREMENT_CENTRE, 'procurement-centre', 'submitter');
    taxUnit = await tokenFor(TAX_BUREAU, 'tax-bureau', 'submitter');
    approvalUnit = await tokenFor(APPROVAL_BUREAU, 'approval-bureau', 'submitter');

    const categories = [
      { code: BLACK_CATEGORY, name: '严重违法失信名单（测试）', list: 'BLACK', legalBasis: '国家市场监督管理总局令第44号', earliestExitAfterMonths: 12, autoExitAfterMonths: 36 },
      { code: RED_CATEGORY, name: '诚信典型名单（测试）', list: 'RED', legalBasis: '国发〔2016〕33号', autoExitAfterMonths: 24 },
    ];
    for (const category of categories) expect((await call('POST', '/api/v1/list-categories', category, bearer(admin))).status).toBe(201);
    await defineMeasure(call, admin, { code: black.procurement, category: BLACK_CATEGORY, unitCodes: [PROCUREMENT_CENTRE], scenarios: ['GOVERNMENT_PROCUREMENT'] });
    await defineMeasure(call, admin, { code: black.tender, category: BLACK_CATEGORY, unitCodes: [PROCUREMENT_CENTRE], scenarios: ['TENDERING'] });
    await defineMeasure(call, admin, { code: black.tax, category: BLACK_CATEGORY, unitCodes: [TAX_BUREAU], scenarios: ['ADMINISTRATIVE_LICENSING'] });
    for (const code of Object.values(red)) {
      await defineMeasure(call, admin, { code, kind: 'INCENTIVE', appliesTo: 'RED', category: RED_CATEGORY, unitCodes: [APPROVAL_BUREAU], scenarios: ['ADMINISTRATIVE_LICENSING'] });
    }
  }, 240_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('versions the catalogs and shows them without a token, also as they stood before a change', async () => {
    const before = new Date().toISOString();
    const renamed = await call('POST', '/api/v1/linkage-units', { code: TAX_BUREAU, name: '市税务局（第二稿）', contact: '0771-5555555' }, bearer(admin));
    expect(renamed.status).toBe(201);
    expect(renamed.body).toMatchObject({ code: TAX_BUREAU, version: 2, name: '市税务局（第二稿）', versions: [{ version: 1 }, { version: 2 }] });
    expect((await call('POST', '/api/v1/linkage-units', { code: TAX_BUREAU, name: '市税务局（第二稿）', contact: '0771-5555555' }, bearer(admin))).status).toBe(200);

    const now = await call('GET', '/api/v1/public/catalog/linkage-units?pageSize=500');
    expect(now.status).toBe(200);
    expect(now.body.items.find((u: { code: string }) => u.code === TAX_BUREAU)).toMatchObject({ version: 2 });
    const then = await call('GET', `/api/v1/public/catalog/linkage-units?pageSize=500&asOf=${encodeURIComponent(before)}`);
    expect(then.body.items.find((u: { code: string }) => u.code === TAX_BUREAU)).toMatchObject({ version: 1, name: `联动单位 ${TAX_BUREAU}` });

    const categories = await call('GET', '/api/v1/public/catalog/list-categories?list=RED');
    expect(categories.status).toBe(200);
    expect(categories.body.items.map((c: { code: string }) => c.code)).toContain(RED_CATEGORY);
    expect(categories.body.items.every((c: { list: string }) => c.list === 'RED')).toBe(true);
    const measures = await call('GET', '/api/v1/public/catalog/measures?list=BLACK&pageSize=500');
    expect(measures.body.items.find((m: { code: string }) => m.code === black.tax)).toMatchObject({ version: 1, legalBasis: expect.any(String), category: BLACK_CATEGORY });
    expect((await call('POST', '/api/v1/list-categories', { code: 'X', name: 'x', list: 'RED', legalBasis: 'x' }, bearer(reviewer))).status).toBe(403);
  });

  it('runs a black-list entry with three measures over two units from nomination to exit by repair, each measure applied once and lifted once', async () => {
    // The subject is known from its penalty in publicity, which also draws a nomination proposal.
    const subject = freshUscc();
    const penalty = penaltyPublished(subject, '2025-02-10', 'SERIOUS');
    await fixture.events.publish(penalty);
    await known(subject);
    const proposal = await waitFor(async () => {
      const page = await call('GET', '/api/v1/nomination-proposals?pageSize=500', undefined, bearer(reviewer));
      return page.body.items.find((p: { penaltyIds: string[] }) => p.penaltyIds.includes(penalty.data.penaltyId));
    }, { timeoutMs: 30_000 });

    const submitted = await call(
      'POST',
      '/api/v1/nominations',
      nominationBody(subject, { basis: { recordIds: [penalty.data.penaltyId], documents: [{ name: '列入决定书', number: `南市监列严〔2025〕${suffix}号` }] }, proposalId: proposal.id }),
      bearer(clerk),
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ id: expect.any(String), status: 'PENDING_REVIEW', decidingUnit: { code: MARKET_BUREAU, name: 'market-clerk' } });
    const nominationId: string = submitted.body.id;
    const proposals = await call('GET', '/api/v1/nomination-proposals?pageSize=500', undefined, bearer(reviewer));
    expect(proposals.body.items.find((p: { id: string }) => p.id === proposal.id)).toMatchObject({ status: 'NOMINATED', nominationId });
    expect((await call('GET', '/api/v1/nominations?status=PENDING_REVIEW', undefined, bearer(reviewer))).body.items.map((n: { id: string }) => n.id)).toContain(nominationId);

    // Four eyes: the nominating department cannot approve, even holding the reviewer role under another name.
    const self = await call('POST', `/api/v1/nominations/${nominationId}/review`, { approved: true, note: '同意' }, bearer(clerkAsReviewer));
    expect(self.status).toBe(403);
    expect((await call('POST', `/api/v1/nominations/${nominationId}/review`, { approved: true, note: '同意' }, bearer(reviewer))).status).toBe(403);

    const approved = await call('POST', `/api/v1/nominations/${nominationId}/review`, { approved: true, note: '依据充分，同意列入' }, bearer(officeReviewer));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', review: { approved: true, reviewedBy: { departmentCode: CREDIT_OFFICE, user: 'credit-office' } } });
    const entryId: string = approved.body.listEntryId;
    const entry = await call('GET', `/api/v1/list-entries/${entryId}`, undefined, bearer(reviewer));
    // SAMR Order 44: the category's automatic exit after 36 months sets the last day in force.
    expect(entry.body).toMatchObject({ status: 'IN_FORCE', category: BLACK_CATEGORY, validUntil: '2028-03-03', initiatingUnit: { code: MARKET_BUREAU } });
    const applications = entry.body.measures.map((m: { measureCode: string; unitCode: string; status: string }) => [m.measureCode, m.unitCode, m.status]);
    expect(applications.sort()).toEqual(
      [
        [black.procurement, PROCUREMENT_CENTRE, 'APPLIED'],
        [black.tender, PROCUREMENT_CENTRE, 'APPLIED'],
        [black.tax, TAX_BUREAU, 'APPLIED'],
      ].sort(),
    );

    // The subject is told: category, basis, each unit's measure, and the way to repair.
    const notice = await fixture.probe.waitForMessage((e) => e.type === 'joint-punishment.subject-notified' && e.stream === `list-entry-${entryId}`, 30_000);
    expect(notice).toMatchObject({
      subjectKey: subject,
      data: {
        listEntryId: entryId,
        category: BLACK_CATEGORY,
        categoryName: '严重违法失信名单（测试）',
        basis: { recordIds: [penalty.data.penaltyId] },
        repair: { earliestApplicationOn: '2026-03-04', automaticExitOn: '2028-03-04', howToApply: expect.stringContaining('信用修复') },
      },
    });
    expect((notice.data as { measures: unknown[] }).measures).toHaveLength(3);

    const again = await call('POST', `/api/v1/nominations/${nominationId}/review`, { approved: false, note: '再审' }, bearer(officeReviewer));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'nomination.already-reviewed' });

    // 跟踪反馈: each unit reports its measures.
    for (const [token, measureCode, unitCode] of [
      [procurementUnit, black.procurement, PROCUREMENT_CENTRE],
      [procurementUnit, black.tender, PROCUREMENT_CENTRE],
      [taxUnit, black.tax, TAX_BUREAU],
    ]) {
      expect((await report(token, { listEntryId: entryId, measureCode, unitCode, outcome: 'APPLIED', note: '已在审批中执行' })).status).toBe(201);
    }
    // A lift cannot be acknowledged before it happened.
    expect((await report(taxUnit, { listEntryId: entryId, measureCode: black.tax, unitCode: TAX_BUREAU, outcome: 'LIFTED' })).status).toBe(422);

    // 修复退出: the repair of the penalty the entry rests on.
    const repair = repairApproved(subject, { type: 'PENALTY', id: penalty.data.penaltyId });
    await fixture.events.publish(repair);
    // Other copies of this service on the broker acknowledge the repair too (with no entry): wait for this one's exit.
    await waitFor(async () => (await call('GET', `/api/v1/list-entries/${entryId}`, undefined, bearer(reviewer))).body.status === 'EXITED', {
      timeoutMs: 90_000,
      description: 'the entry exited by the repair',
    });

    const stream = await eventsOf(`list-entry-${entryId}`);
    const pairs = (type: string) => stream.filter((e) => e.type === type).map((e) => `${e.data.measureCode}|${e.data.unitCode}`).sort();
    const expectedPairs = [`${black.procurement}|${PROCUREMENT_CENTRE}`, `${black.tender}|${PROCUREMENT_CENTRE}`, `${black.tax}|${TAX_BUREAU}`].sort();
    expect(pairs('joint-punishment.measure-applied')).toEqual(expectedPairs);
    expect(pairs('joint-punishment.measure-lifted')).toEqual(expectedPairs);
    expect(stream.filter((e) => e.type === 'joint-punishment.measure-lifted').every((e) => e.correlation_id === repair.data.applicationId)).toBe(true);
    expect(stream.filter((e) => e.type === 'joint-punishment.subject-notified')).toHaveLength(1);

    // Each unit acknowledges its lifts; the acknowledgement carries the repair's correlation id; a second one is a no-op.
    const first = await report(procurementUnit, { listEntryId: entryId, measureCode: black.procurement, unitCode: PROCUREMENT_CENTRE, outcome: 'LIFTED' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ outcome: 'LIFTED', correlationId: repair.data.applicationId });
    const repeated = await report(procurementUnit, { listEntryId: entryId, measureCode: black.procurement, unitCode: PROCUREMENT_CENTRE, outcome: 'LIFTED' });
    expect(repeated.status).toBe(200);
    expect(repeated.body.executionId).toBe(first.body.executionId);
    expect((await report(procurementUnit, { listEntryId: entryId, measureCode: black.tender, unitCode: PROCUREMENT_CENTRE, outcome: 'LIFTED' })).status).toBe(201);
    expect((await report(taxUnit, { listEntryId: entryId, measureCode: black.tax, unitCode: TAX_BUREAU, outcome: 'LIFTED' })).status).toBe(201);

    const exited = await call('GET', `/api/v1/list-entries/${entryId}`, undefined, bearer(reviewer));
    expect(exited.body).toMatchObject({ status: 'EXITED', exit: { trigger: 'REPAIR', repairApplicationId: repair.data.applicationId } });
    for (const measure of exited.body.measures) {
      expect(measure).toMatchObject({ status: 'LIFTED', liftedAt: expect.any(String), acknowledgedAt: expect.any(String), correlationId: repair.data.applicationId });
    }
    const acknowledgements = (await eventsOf(`list-entry-${entryId}`)).filter((e) => e.type === 'joint-punishment.measure-execution-reported' && e.data.outcome === 'LIFTED');
    expect(acknowledgements).toHaveLength(3);
    expect(acknowledgements.every((e) => e.correlation_id === repair.data.applicationId)).toBe(true);

    // The month's report for these two units: 3 applied, 3 lifted, 6 executions, the entry covered.
    const feedback = await call('GET', `/api/v1/feedback/monthly?month=${month}`, undefined, bearer(ops));
    expect(feedback.status).toBe(200);
    const unit = (code: string) => feedback.body.units.find((u: { unitCode: string }) => u.unitCode === code);
    expect(unit(PROCUREMENT_CENTRE)).toEqual({
      unitCode: PROCUREMENT_CENTRE,
      measuresApplied: 2,
      measuresLifted: 2,
      executions: { APPLIED: 2, NOT_APPLICABLE: 0, LIFTED: 2, total: 4 },
      coverage: { entries: 1, covered: 1, ratio: 1 },
    });
    expect(unit(TAX_BUREAU)).toEqual({
      unitCode: TAX_BUREAU,
      measuresApplied: 1,
      measuresLifted: 1,
      executions: { APPLIED: 1, NOT_APPLICABLE: 0, LIFTED: 1, total: 2 },
      coverage: { entries: 1, covered: 1, ratio: 1 },
    });
  }, 180_000);

  it('runs a red-list entry with its incentives from nomination to exit by decision, and lists nobody on a rejected nomination', async () => {
    // Known from its registration in subject-registry.
    const subject = freshUscc();
    await fixture.events.publish(
      testEnvelope<SubjectRegisteredV1>({
        type: 'subject-registry.subject-registered',
        subjectKey: subject,
        stream: `subject-${subject}`,
        data: { kind: 'LEGAL_PERSON', code: subject, maskedCode: subject, name: '南宁市守信示范有限公司', legacyCodes: [] },
      }),
    );
    await known(subject);

    const rejected = await call('POST', '/api/v1/nominations', nominationBody(subject, { list: 'RED', category: RED_CATEGORY }), bearer(clerk));
    expect(rejected.status).toBe(201);
    const no = await call('POST', `/api/v1/nominations/${rejected.body.id}/review`, { approved: false, note: '材料不足' }, bearer(officeReviewer));
    expect(no.body).toMatchObject({ status: 'REJECTED' });
    expect(no.body).not.toHaveProperty('listEntryId');
    expect((await call('GET', `/api/v1/list-entries?subjectCode=${subject}`, undefined, bearer(reviewer))).body.total).toBe(0);

    const submitted = await call('POST', '/api/v1/nominations', nominationBody(subject, { list: 'RED', category: RED_CATEGORY, validUntil: '2027-03-03' }), bearer(clerk));
    const approved = await call('POST', `/api/v1/nominations/${submitted.body.id}/review`, { approved: true, note: '同意列入诚信典型' }, bearer(officeReviewer));
    expect(approved.status).toBe(200);
    const entryId: string = approved.body.listEntryId;
    const entry = await call('GET', `/api/v1/list-entries/${entryId}`, undefined, bearer(reviewer));
    expect(entry.body).toMatchObject({ list: 'RED', status: 'IN_FORCE', validUntil: '2027-03-03' });
    expect(entry.body.measures.map((m: { measureCode: string; unitCode: string }) => [m.measureCode, m.unitCode]).sort()).toEqual(
      [
        [red.green, APPROVAL_BUREAU],
        [red.tolerant, APPROVAL_BUREAU],
      ].sort(),
    );
    const notice = await fixture.probe.waitForMessage((e) => e.type === 'joint-punishment.subject-notified' && e.stream === `list-entry-${entryId}`, 30_000);
    expect(notice.data).toMatchObject({ list: 'RED', category: RED_CATEGORY, repair: { automaticExitOn: '2027-03-04' } });

    for (const measureCode of Object.values(red)) {
      expect((await report(approvalUnit, { listEntryId: entryId, measureCode, unitCode: APPROVAL_BUREAU, outcome: 'APPLIED' })).status).toBe(201);
    }
    const correlationId = randomUUID();
    const exit = await call('POST', `/api/v1/list-entries/${entryId}/exit`, { reason: '主动申请退出' }, bearer(reviewer, { 'x-correlation-id': correlationId }));
    expect(exit.status).toBe(200);
    for (const measureCode of Object.values(red)) {
      const ack = await report(approvalUnit, { listEntryId: entryId, measureCode, unitCode: APPROVAL_BUREAU, outcome: 'LIFTED' });
      expect(ack.status).toBe(201);
      expect(ack.body.correlationId).toBe(correlationId);
    }
    const stream = await eventsOf(`list-entry-${entryId}`);
    expect(stream.filter((e) => e.type === 'joint-punishment.measure-applied')).toHaveLength(2);
    expect(stream.filter((e) => e.type === 'joint-punishment.measure-lifted').map((e) => e.correlation_id)).toEqual([correlationId, correlationId]);
    const after = await call('GET', `/api/v1/list-entries/${entryId}`, undefined, bearer(reviewer));
    expect(after.body.measures.every((m: { status: string; acknowledgedAt?: string; correlationId?: string }) => m.status === 'LIFTED' && m.acknowledgedAt && m.correlationId === correlationId)).toBe(true);

    const feedback = await call('GET', `/api/v1/feedback/monthly?month=${month}`, undefined, bearer(ops));
    expect(feedback.body.units.find((u: { unitCode: string }) => u.unitCode === APPROVAL_BUREAU)).toEqual({
      unitCode: APPROVAL_BUREAU,
      measuresApplied: 2,
      measuresLifted: 2,
      executions: { APPLIED: 2, NOT_APPLICABLE: 0, LIFTED: 2, total: 4 },
      coverage: { entries: 1, covered: 1, ratio: 1 },
    });
  }, 180_000);

  it('puts the proposal of a rejected nomination back to OPEN, reviewable and nominable again', async () => {
    const subject = freshUscc();
    const penalty = penaltyPublished(subject, '2025-02-11', 'SERIOUS');
    await fixture.events.publish(penalty);
    await known(subject);
    const proposalOf = async () =>
      (await call('GET', '/api/v1/nomination-proposals?pageSize=500', undefined, bearer(reviewer))).body.items.find((p: { penaltyIds: string[] }) =>
        p.penaltyIds.includes(penalty.data.penaltyId),
      );
    const proposal = await waitFor(proposalOf, { timeoutMs: 30_000, description: 'a proposal for the serious penalty' });
    const basis = { recordIds: [penalty.data.penaltyId], documents: [{ name: '列入决定书', number: `南市监列严〔2025〕R${suffix}号` }] };

    const first = await call('POST', '/api/v1/nominations', nominationBody(subject, { basis, proposalId: proposal.id }), bearer(clerk));
    expect(first.status).toBe(201);
    expect(await proposalOf()).toMatchObject({ status: 'NOMINATED', nominationId: first.body.id });
    const rejected = await call('POST', `/api/v1/nominations/${first.body.id}/review`, { approved: false, note: '证据不足，退回' }, bearer(officeReviewer));
    expect(rejected.body).toMatchObject({ status: 'REJECTED' });
    const reopened = await proposalOf();
    expect(reopened).toMatchObject({ id: proposal.id, status: 'OPEN' });
    expect(reopened).not.toHaveProperty('nominationId');

    // Reviewable again: a new nomination takes it up, and its approval lists the subject.
    const second = await call('POST', '/api/v1/nominations', nominationBody(subject, { basis, proposalId: proposal.id }), bearer(clerk));
    expect(second.status).toBe(201);
    expect(await proposalOf()).toMatchObject({ status: 'NOMINATED', nominationId: second.body.id });
    const approved = await call('POST', `/api/v1/nominations/${second.body.id}/review`, { approved: true, note: '补正后同意' }, bearer(officeReviewer));
    expect(approved.body).toMatchObject({ status: 'APPROVED', listEntryId: expect.any(String) });
    expect(await proposalOf()).toMatchObject({ status: 'NOMINATED', nominationId: second.body.id });
  }, 120_000);

  it('versions a measure: entries keep the version they were applied under, a dropped linkage unit keeps applying until the exit', async () => {
    const category = `LOOP_REV_${suffix}`;
    const code = `LOOP-P-REV-${suffix}`;
    expect((await call('POST', '/api/v1/list-categories', { code: category, name: '修订测试名单', list: 'BLACK', legalBasis: '国家市场监督管理总局令第44号' }, bearer(admin))).status).toBe(201);
    const v1Body = {
      code,
      name: '限制参加政府采购活动',
      kind: 'PUNISHMENT',
      appliesTo: 'BLACK',
      category,
      unitCodes: [PROCUREMENT_CENTRE, TAX_BUREAU],
      scenarios: ['GOVERNMENT_PROCUREMENT'],
      legalBasis: '《中华人民共和国政府采购法》第二十二条',
    };
    const v1 = await call('POST', '/api/v1/measures', v1Body, bearer(admin));
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ code, version: 1, versions: [{ version: 1 }] });
    // The same content again: nothing new (units compared as a set).
    const same = await call('POST', '/api/v1/measures', { ...v1Body, unitCodes: [TAX_BUREAU, PROCUREMENT_CENTRE] }, bearer(admin));
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, versions: [{ version: 1 }] });

    const listUnder = async () => {
      const subject = freshUscc();
      await fixture.registerSubject(subject);
      const entry = { subjectCode: subject, list: 'BLACK', category, basis: { recordIds: [], document: `南市监列严〔2025〕V${suffix}号` }, initiatingUnit: { name: '市场监管局', code: MARKET_BUREAU }, decidedOn: '2025-03-04' };
      const created = await call('POST', '/api/v1/list-entries', entry, bearer(reviewer));
      expect(created.status).toBe(201);
      return created.body as { id: string; subjectCode: string; measures: { measureCode: string; unitCode: string; measureVersion: number; status: string }[] };
    };
    const before = await listUnder();
    expect(before.measures.map((m) => [m.unitCode, m.measureVersion, m.status]).sort()).toEqual(
      [
        [PROCUREMENT_CENTRE, 1, 'APPLIED'],
        [TAX_BUREAU, 1, 'APPLIED'],
      ].sort(),
    );

    // Version 2 drops the tax bureau and cites another basis.
    const revisedAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const v2 = await call('POST', '/api/v1/measures', { ...v1Body, unitCodes: [PROCUREMENT_CENTRE], legalBasis: '《中华人民共和国政府采购法实施条例》第十九条' }, bearer(admin));
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ code, version: 2, unitCodes: [PROCUREMENT_CENTRE], versions: [{ version: 1 }, { version: 2 }] });
    const history = await call('GET', `/api/v1/measures/${code}`, undefined, bearer(reviewer));
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ version: 2, legalBasis: '《中华人民共和国政府采购法实施条例》第十九条' });
    expect(history.body.versions.map((v: { version: number; unitCodes: string[] }) => [v.version, [...v.unitCodes].sort()])).toEqual([
      [1, [PROCUREMENT_CENTRE, TAX_BUREAU].sort()],
      [2, [PROCUREMENT_CENTRE]],
    ]);
    expect((await call('GET', '/api/v1/measures/NO-SUCH-MEASURE', undefined, bearer(reviewer))).status).toBe(404);
    const catalog = await call('GET', '/api/v1/measures?pageSize=500', undefined, bearer(reviewer));
    expect(catalog.body.items.find((m: { code: string }) => m.code === code)).toMatchObject({ version: 2 });

    // The public catalog now and as it stood before the revision.
    const publicNow = await call('GET', '/api/v1/public/catalog/measures?list=BLACK&pageSize=500');
    expect(publicNow.body.items.find((m: { code: string }) => m.code === code)).toMatchObject({ version: 2, unitCodes: [PROCUREMENT_CENTRE] });
    const publicThen = await call('GET', `/api/v1/public/catalog/measures?list=BLACK&pageSize=500&asOf=${encodeURIComponent(revisedAt)}`);
    expect(publicThen.body.items.find((m: { code: string }) => m.code === code)).toMatchObject({ version: 1, legalBasis: '《中华人民共和国政府采购法》第二十二条' });

    // A new entry follows version 2; the earlier entry keeps version 1 and the tax bureau's application.
    const after = await listUnder();
    expect(after.measures.map((m) => [m.unitCode, m.measureVersion])).toEqual([[PROCUREMENT_CENTRE, 2]]);
    const kept = (await call('GET', `/api/v1/list-entries/${before.id}`, undefined, bearer(reviewer))).body;
    expect(kept.measures.map((m: { unitCode: string; measureVersion: number; status: string }) => [m.unitCode, m.measureVersion, m.status]).sort()).toEqual(
      [
        [PROCUREMENT_CENTRE, 1, 'APPLIED'],
        [TAX_BUREAU, 1, 'APPLIED'],
      ].sort(),
    );
    const applied = (await eventsOf(`list-entry-${after.id}`)).filter((e) => e.type === 'joint-punishment.measure-applied');
    expect(applied.map((e) => e.data)).toEqual([{ listEntryId: after.id, measureCode: code, unitCode: PROCUREMENT_CENTRE, measureVersion: 2 }]);

    // A credit check answers each entry's measure as the version it was applied under.
    const reader = await officeToken('reader');
    const checked = async (subjectCode: string) =>
      (await call('GET', `/api/v1/credit-check/${subjectCode}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(reader))).body.measures
        .filter((m: { measureCode: string }) => m.measureCode === code)
        .map((m: { unitCode: string; legalBasis: string }) => [m.unitCode, m.legalBasis])
        .sort();
    expect(await checked(before.subjectCode)).toEqual(
      [
        [PROCUREMENT_CENTRE, '《中华人民共和国政府采购法》第二十二条'],
        [TAX_BUREAU, '《中华人民共和国政府采购法》第二十二条'],
      ].sort(),
    );
    expect(await checked(after.subjectCode)).toEqual([[PROCUREMENT_CENTRE, '《中华人民共和国政府采购法实施条例》第十九条']]);

    // Not orphaned: the dropped unit still reports on its application, and the exit lifts it like the others.
    expect((await report(taxUnit, { listEntryId: before.id, measureCode: code, unitCode: TAX_BUREAU, outcome: 'APPLIED' })).status).toBe(201);
    expect((await call('POST', `/api/v1/list-entries/${before.id}/exit`, { reason: '决定移出' }, bearer(reviewer))).status).toBe(200);
    const exited = (await call('GET', `/api/v1/list-entries/${before.id}`, undefined, bearer(reviewer))).body;
    expect(exited.measures.every((m: { status: string }) => m.status === 'LIFTED')).toBe(true);
    expect((await report(taxUnit, { listEntryId: before.id, measureCode: code, unitCode: TAX_BUREAU, outcome: 'LIFTED' })).status).toBe(201);
  }, 120_000);

  describe('bad input', () => {
    const TABLES = ['list_category_versions', 'linkage_unit_versions', 'measures', 'measure_versions', 'known_subjects', 'nomination_proposals', 'nominations', 'list_entries', 'measure_applications', 'measure_executions'];
    const counts = async () => {
      const result: Record<string, number> = {};
      for (const table of TABLES) result[table] = (await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
      // This service's own writes (the consumer may still acknowledge repairs of other suites on the topic).
      result.events = (await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id NOT LIKE 'repair-effects-%'`))[0].n;
      return result;
    };

    it('refuses each with the right status naming the field or rule, and stores nothing', async () => {
      const subject = freshUscc();
      const subjectsPenalty = penaltyPublished(subject, '2025-02-10', 'GENERAL');
      await fixture.events.publish(subjectsPenalty);
      await known(subject);
      // An entry in force, one exited, and a reviewed nomination to run the cases against.
      const pending = (await call('POST', '/api/v1/nominations', nominationBody(subject), bearer(clerk))).body.id;
      const inForce = (await call('POST', `/api/v1/nominations/${pending}/review`, { approved: true, note: '同意' }, bearer(officeReviewer))).body.listEntryId;
      const other = (await call('POST', '/api/v1/nominations', nominationBody(subject), bearer(clerk))).body.id;
      const exitedId = (await call('POST', `/api/v1/nominations/${other}/review`, { approved: true, note: '同意' }, bearer(officeReviewer))).body.listEntryId;
      expect((await call('POST', `/api/v1/list-entries/${exitedId}/exit`, { reason: '决定移出' }, bearer(reviewer))).status).toBe(200);
      const waiting = (await call('POST', '/api/v1/nominations', nominationBody(subject), bearer(clerk))).body.id;

      const stranger = freshUscc();
      const strangersPenalty = penaltyPublished(stranger, '2025-02-10', 'GENERAL');
      await fixture.events.publish(strangersPenalty);
      await known(stranger);
      const measure = { code: `BAD-${suffix}`, name: '限制措施', kind: 'PUNISHMENT', appliesTo: 'BLACK', unitCodes: [TAX_BUREAU], scenarios: ['TENDERING'], legalBasis: '《条例》' };
      const entry = {
        subjectCode: subject,
        list: 'BLACK',
        category: BLACK_CATEGORY,
        basis: { recordIds: [], document: '南市监列〔2025〕1号' },
        initiatingUnit: { name: '市市场监督管理局', code: MARKET_BUREAU },
        decidedOn: '2025-03-04',
      };
      type Case = [name: string, method: 'POST' | 'GET', path: string, body: Record<string, unknown>, token: string, status: number, expected: Record<string, unknown>];
      const field = (name: string) => ({ errors: expect.arrayContaining([expect.objectContaining({ field: name })]) });
      const cases: Case[] = [
        ['unknown measure code in an execution report', 'POST', '/api/v1/measure-executions', { listEntryId: inForce, measureCode: 'NO-SUCH-MEASURE', unitCode: TAX_BUREAU, outcome: 'APPLIED' }, taxUnit, 422, { rule: 'measure-execution.not-applied' }],
        ['malformed measure code in an execution report', 'POST', '/api/v1/measure-executions', { listEntryId: inForce, measureCode: 'no such', unitCode: TAX_BUREAU, outcome: 'APPLIED' }, taxUnit, 400, field('measureCode')],
        ['LIFTED for a measure never lifted', 'POST', '/api/v1/measure-executions', { listEntryId: inForce, measureCode: black.tax, unitCode: TAX_BUREAU, outcome: 'LIFTED' }, taxUnit, 422, { rule: 'measure-execution.not-lifted' }],
        ['a measure without legal basis', 'POST', '/api/v1/measures', { ...measure, legalBasis: ' ' }, admin, 400, field('legalBasis')],
        ['a measure with a malformed code', 'POST', '/api/v1/measures', { ...measure, code: 'bad code!' }, admin, 400, field('code')],
        ['a measure naming an unknown linkage unit', 'POST', '/api/v1/measures', { ...measure, unitCodes: [TAX_BUREAU, freshUscc('11450100')] }, admin, 422, { rule: 'measure.linkage-unit-in-catalog', ...field('unitCodes.1') }],
        ['a measure naming a malformed linkage unit code', 'POST', '/api/v1/measures', { ...measure, unitCodes: ['11450100007712342X'] }, admin, 400, field('unitCodes.0')],
        ['a measure of an unknown category', 'POST', '/api/v1/measures', { ...measure, category: 'NO_SUCH_CATEGORY' }, admin, 422, { rule: 'measure.category-in-catalog', ...field('category') }],
        ['a punishment limited to a red-list category', 'POST', '/api/v1/measures', { ...measure, category: RED_CATEGORY }, admin, 422, { rule: 'measure.category-of-list', ...field('category') }],
        ['a list entry of an unknown category', 'POST', '/api/v1/list-entries', { ...entry, category: 'NO_SUCH_CATEGORY' }, reviewer, 422, { rule: 'list-entry.category-in-catalog', ...field('category') }],
        ['a red-list entry of a black-list category', 'POST', '/api/v1/list-entries', { ...entry, list: 'RED' }, reviewer, 422, { rule: 'list-entry.category-of-list', ...field('category') }],
        ['a list entry with a malformed subject code', 'POST', '/api/v1/list-entries', { ...entry, subjectCode: '91450100MA5K12347X' }, reviewer, 400, field('subjectCode')],
        ['a list entry for an unknown subject', 'POST', '/api/v1/list-entries', { ...entry, subjectCode: freshUscc() }, reviewer, 422, { rule: 'list-entry.subject-known', ...field('subjectCode') }],
        ['a list entry for an unknown natural person', 'POST', '/api/v1/list-entries', { ...entry, subjectCode: freshCitizenId() }, reviewer, 422, { rule: 'list-entry.subject-known', ...field('subjectCode') }],
        ['an unknown measure code', 'GET', '/api/v1/measures/NO-SUCH-MEASURE', {}, reviewer, 404, {}],
        ['a measure moved to the other list by a new version', 'POST', '/api/v1/measures', { code: black.tax, name: '绿色通道', kind: 'INCENTIVE', appliesTo: 'RED', unitCodes: [TAX_BUREAU], scenarios: ['TENDERING'], legalBasis: '《条例》' }, admin, 422, { rule: 'measure.list-fixed' }],
        ['a black-list nomination on another subject\'s penalty', 'POST', '/api/v1/nominations', nominationBody(subject, { basis: { recordIds: [strangersPenalty.data.penaltyId], documents: [{ name: '决定书', number: '1号' }] } }), clerk, 422, { rule: 'nomination.basis-record-of-subject', ...field('basis.recordIds.0') }],
        ['a black-list nomination on a record unknown here', 'POST', '/api/v1/nominations', nominationBody(subject, { basis: { recordIds: [randomUUID()], documents: [{ name: '决定书', number: '1号' }] } }), clerk, 422, { rule: 'nomination.basis-record-of-subject', ...field('basis.recordIds.0') }],
        ['a red-list nomination resting on a penalty record', 'POST', '/api/v1/nominations', nominationBody(subject, { list: 'RED', category: RED_CATEGORY, basis: { recordIds: [subjectsPenalty.data.penaltyId], documents: [{ name: '表彰决定', number: '南府发〔2025〕1号' }] } }), clerk, 422, { rule: 'nomination.red-list-basis-documents', ...field('basis.recordIds') }],
        ['a red-list nomination without honours documents', 'POST', '/api/v1/nominations', nominationBody(subject, { list: 'RED', category: RED_CATEGORY, basis: { recordIds: [], documents: [] } }), clerk, 400, field('basis.documents')],
        ['a nomination for an unknown subject', 'POST', '/api/v1/nominations', nominationBody(freshUscc()), clerk, 422, { rule: 'nomination.subject-known', ...field('subjectCode') }],
        ['a nomination of an unknown category', 'POST', '/api/v1/nominations', nominationBody(subject, { category: 'NO_SUCH_CATEGORY' }), clerk, 422, { rule: 'nomination.category-in-catalog', ...field('category') }],
        ['a nomination with a malformed category code', 'POST', '/api/v1/nominations', nominationBody(subject, { category: 'no such' }), clerk, 400, field('category')],
        ['a nomination without basis documents', 'POST', '/api/v1/nominations', nominationBody(subject, { basis: { recordIds: [], documents: [] } }), clerk, 400, field('basis.documents')],
        ['a nomination of an unknown proposal', 'POST', '/api/v1/nominations', nominationBody(subject, { proposalId: randomUUID() }), clerk, 422, { rule: 'nomination.proposal-known', ...field('proposalId') }],
        ['a list category without legal basis', 'POST', '/api/v1/list-categories', { code: `NB_${suffix}`, name: '名单', list: 'BLACK', legalBasis: '' }, admin, 400, field('legalBasis')],
        ['a list category with a malformed code', 'POST', '/api/v1/list-categories', { code: 'A B', name: '名单', list: 'BLACK', legalBasis: '依据' }, admin, 400, field('code')],
        ['a category moved to the other list', 'POST', '/api/v1/list-categories', { code: BLACK_CATEGORY, name: '名单', list: 'RED', legalBasis: '依据' }, admin, 422, { rule: 'list-category.list-fixed' }],
        ['a linkage unit with a malformed code', 'POST', '/api/v1/linkage-units', { code: '12345', name: '单位' }, admin, 400, field('code')],
        ['exit of an exited entry', 'POST', `/api/v1/list-entries/${exitedId}/exit`, { reason: '再次移出' }, reviewer, 409, { rule: 'list-entry.already-exited' }],
        ['review of a reviewed nomination', 'POST', `/api/v1/nominations/${pending}/review`, { approved: false, note: '撤回' }, officeReviewer, 409, { rule: 'nomination.already-reviewed' }],
        ['self-review', 'POST', `/api/v1/nominations/${waiting}/review`, { approved: true, note: '同意' }, clerkAsReviewer, 403, {}],
        ['review of an unknown nomination', 'POST', `/api/v1/nominations/${randomUUID()}/review`, { approved: true, note: '同意' }, reviewer, 404, {}],
        ['a review without a decision', 'POST', `/api/v1/nominations/${waiting}/review`, { note: '同意' }, reviewer, 400, field('approved')],
      ];

      const before = await counts();
      const outcomes: [string, number][] = [];
      for (const [name, method, path, body, token, status, expected] of cases) {
        const response = await call(method, path, method === 'GET' ? undefined : body, bearer(token));
        outcomes.push([name, response.status]);
        expect(response.contentType).toContain('application/problem+json');
        if (response.status === status) expect(response.body).toMatchObject(expected);
      }
      expect(outcomes).toEqual(cases.map(([name, , , , , status]) => [name, status]));
      expect(await counts()).toEqual(before);
      expect((await call('GET', `/api/v1/nominations/${waiting}`, undefined, bearer(reviewer))).body).toMatchObject({ status: 'PENDING_REVIEW' });
    }, 120_000);
  });
});
