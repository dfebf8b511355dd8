/**
 * The credit check (逢办必查、自动核查、奖惩到位) as department workflows call it: for every scenario of
 * the contract, exactly the punishments of the black-list entries and the incentives of the red-list
 * entries that bite in it, each with its legal basis and applying unit; every check recorded with its
 * caller, scenario, answer and time, and its use; refusals record nothing; batches of up to 500; the
 * grade from grading-supervision's events. The compiled service in its own process, over HTTP, on a
 * real PostgreSQL and Kafka broker. Build first (`npm run build`).
 */
import { CREDIT_CHECK_SCENARIOS, TOPICS, type CreditCheckScenario, type GradeRecomputedV1 } from '@credit/contracts';
import { maskIdNumber } from '@credit/domain-kernel';
import { createKafka } from '@credit/messaging';
import { bearer, freshCitizenId, freshUscc, testEnvelope, testInfra, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { blackListEntry, defineMeasure, JointPunishmentFixture, officeToken, tokenFor, type MeasureSpec } from './support/joint-punishment.fixture';

const PROCUREMENT_CENTRE = freshUscc('12450100');
const FINANCE_BUREAU = freshUscc('11450100');
const HOUSING_BUREAU = freshUscc('11450100');
const UNITS = [PROCUREMENT_CENTRE, FINANCE_BUREAU, HOUSING_BUREAU];
const SCENARIOS: readonly CreditCheckScenario[] = CREDIT_CHECK_SCENARIOS;
const at = (i: number) => SCENARIOS[((i % SCENARIOS.length) + SCENARIOS.length) % SCENARIOS.length];

interface Measure extends MeasureSpec {
  name: string;
  legalBasis: string;
}

const suffix = randomUUID().slice(0, 6).toUpperCase();

/**
 * Punishments spread over the scenarios so that each scenario's expected set differs from every
 * other's: P-i bites in scenarios i and i+1 (so scenario i gets P-i and P-(i-1)), through one or two
 * units; P-ALL in every scenario; P-TAX only for entries of category TAX (never for these MARKET
 * entries).
 */
const punishments: Measure[] = [
  ...SCENARIOS.map((_, i) => ({
    code: `P-${String(i).padStart(2, '0')}-${suffix}`,
    name: `惩戒措施 ${i}`,
    legalBasis: `《失信惩戒依据》第${i + 1}条`,
    kind: 'PUNISHMENT' as const,
    appliesTo: 'BLACK' as const,
    scenarios: [at(i), at(i + 1)],
    unitCodes: i % 2 === 0 ? [UNITS[i % 3]] : [UNITS[i % 3], UNITS[(i + 1) % 3]],
  })),
  { code: `P-ALL-${suffix}`, name: '列为重点监管对象', legalBasis: '国发〔2016〕33号', kind: 'PUNISHMENT', appliesTo: 'BLACK', scenarios: [...SCENARIOS], unitCodes: [HOUSING_BUREAU] },
  { code: `P-TAX-${suffix}`, name: '限制出口退税', legalBasis: '《重大税收违法失信主体信息公布管理办法》', kind: 'PUNISHMENT', appliesTo: 'BLACK', category: 'TAX', scenarios: [...SCENARIOS], unitCodes: [FINANCE_BUREAU] },
];

/** Incentives likewise, on another pattern: R-i in scenarios i and i+2; R-ALL everywhere. */
const incentives: Measure[] = [
  ...SCENARIOS.map((_, i) => ({
    code: `R-${String(i).padStart(2, '0')}-${suffix}`,
    name: `激励措施 ${i}（绿色通道）`,
    legalBasis: `《守信激励办法》第${i + 1}条`,
    kind: 'INCENTIVE' as const,
    appliesTo: 'RED' as const,
    scenarios: [at(i), at(i + 2)],
    unitCodes: i % 3 === 0 ? [UNITS[0], UNITS[2]] : [UNITS[i % 3]],
  })),
  { code: `R-ALL-${suffix}`, name: '容缺受理', legalBasis: '发改财金〔2016〕2012号', kind: 'INCENTIVE', appliesTo: 'RED', scenarios: [...SCENARIOS], unitCodes: [PROCUREMENT_CENTRE] },
];

/** What the check must answer for a scenario: each measure biting in it, once per unit, by code then unit. */
function expected(measures: Measure[], scenario: CreditCheckScenario, category = 'MARKET') {
  return measures
    .filter((m) => m.scenarios.includes(scenario) && (m.category === undefined || m.category === category))
    .flatMap((m) => m.unitCodes.map((unitCode) => ({ measureCode: m.code, name: m.name, legalBasis: m.legalBasis, unitCode })))
    .sort((a, b) => (a.measureCode === b.measureCode ? (a.unitCode < b.unitCode ? -1 : 1) : a.measureCode < b.measureCode ? -1 : 1));
}

async function startGroupAtEnd(groupId: string): Promise<void> {
  const admin = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'credit-check-e2e' }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(TOPICS.subjectEvents);
    await admin.setOffsets({ groupId, topic: TOPICS.subjectEvents, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  } finally {
    await admin.disconnect();
  }
}

describe('credit check', () => {
  let fixture: JointPunishmentFixture;
  let reviewer: string;
  let reader: string;
  const black = freshUscc();
  const red = freshUscc();
  const both = freshUscc();
  const unlisted = freshUscc();
  const entries: Record<string, string> = {};

  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  const check = (subjectCode: string, scenario: string, token = reader) =>
    call('GET', `/api/v1/credit-check/${subjectCode}?scenario=${scenario}`, undefined, bearer(token));
  const list = async (subjectCode: string, kind: 'BLACK' | 'RED'): Promise<string> => {
    const overrides = kind === 'RED' ? { list: 'RED', category: 'HONOUR' } : {};
    await fixture.registerSubject(subjectCode);
    // A black entry rests on a penalty the service has received; a red one on its honours document alone.
    const recordIds = kind === 'BLACK' ? [await fixture.publishPenalty(subjectCode)] : [];
    const created = await call('POST', '/api/v1/list-entries', blackListEntry(subjectCode, recordIds, overrides), bearer(reviewer));
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const checksOf = (subjectKey: string) =>
    fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_checks WHERE subject_key = $1`, [subjectKey]).then(([row]) => row.n);

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'credit-check', publisher: true });
    // Only the grade events this suite publishes matter to it: its consumer group skips the shared
    // topic's history (which may be long on a busy broker) by restarting at the topic's end.
    await fixture.service.stop();
    await startGroupAtEnd(fixture.group);
    await fixture.startService();
    const admin = await officeToken('admin');
    reviewer = await officeToken('reviewer');
    reader = await tokenFor(PROCUREMENT_CENTRE, '政府采购中心', 'reader');
    // A black-list category no entry here is listed under: its measure never bites.
    const tax = { code: 'TAX', name: '重大税收违法失信主体名单', list: 'BLACK', legalBasis: '《重大税收违法失信主体信息公布管理办法》' };
    expect([200, 201]).toContain((await call('POST', '/api/v1/list-categories', tax, bearer(admin))).status);
    for (const measure of [...punishments, ...incentives]) await defineMeasure(call, admin, measure);
    entries.black = await list(black, 'BLACK');
    entries.red = await list(red, 'RED');
    entries.bothBlack = await list(both, 'BLACK');
    entries.bothRed = await list(both, 'RED');
  }, 240_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('spreads the measures so that every scenario expects a different set', () => {
    for (const measures of [punishments, incentives]) {
      const sets = SCENARIOS.map((s) => JSON.stringify(expected(measures, s)));
      expect(new Set(sets).size).toBe(SCENARIOS.length);
    }
  });

  it.each(SCENARIOS.map((s) => [s]))('a black-listed subject in %s: exactly the punishments biting in it, no incentive', async (scenario) => {
    const answer = await check(black, scenario);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ subjectCode: black, scenario, lists: [{ id: entries.black, list: 'BLACK', category: 'MARKET' }] });
    expect(answer.body.measures).toEqual(expected(punishments, scenario));
    expect(answer.body.incentives).toEqual([]);
  });

  it.each(SCENARIOS.map((s) => [s]))('a red-listed subject in %s: exactly the incentives granted in it, no punishment', async (scenario) => {
    const answer = await check(red, scenario);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ subjectCode: red, lists: [{ id: entries.red, list: 'RED' }] });
    expect(answer.body.incentives).toEqual(expected(incentives, scenario));
    expect(answer.body.measures).toEqual([]);
  });

  it('a subject on both lists gets both; an unlisted one nothing; an exited entry no longer counts', async () => {
    for (const scenario of SCENARIOS) {
      const answer = await check(both, scenario);
      expect(answer.body.lists.map((l: { id: string }) => l.id).sort()).toEqual([entries.bothBlack, entries.bothRed].sort());
      expect(answer.body.measures).toEqual(expected(punishments, scenario));
      expect(answer.body.incentives).toEqual(expected(incentives, scenario));
    }
    const none = await check(unlisted, 'TENDERING');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ subjectCode: unlisted, lists: [], measures: [], incentives: [], grade: null });

    const subject = freshUscc();
    const id = await list(subject, 'BLACK');
    expect((await check(subject, 'HONOURS')).body.measures).toEqual(expected(punishments, 'HONOURS'));
    expect((await call('POST', `/api/v1/list-entries/${id}/exit`, { reason: '认定单位决定移出' }, bearer(reviewer))).status).toBe(200);
    expect((await check(subject, 'HONOURS')).body).toMatchObject({ lists: [], measures: [], incentives: [] });
  });

  it('records each check with caller, scenario, answer and time; the use of the answer is recorded by the caller only', async () => {
    const answer = await check(black, 'GOVERNMENT_PROCUREMENT');
    expect(answer.status).toBe(200);
    const [row] = await fixture.query<Record<string, unknown>>(
      `SELECT subject_key, scenario, department_code, user_name, correlation_id, answer, checked_at FROM credit_checks WHERE id = $1`,
      [answer.body.checkId],
    );
    expect(row).toMatchObject({ subject_key: black, scenario: 'GOVERNMENT_PROCUREMENT', department_code: PROCUREMENT_CENTRE, user_name: '政府采购中心' });
    expect(row.answer).toEqual(answer.body);
    expect(new Date(row.checked_at as string).toISOString()).toBe(answer.body.checkedAt);

    const use = await call(
      'POST',
      `/api/v1/credit-checks/${answer.body.checkId}/use`,
      { decision: 'EXCLUDED_FROM_PROCUREMENT', note: '列入严重失信主体名单，不得参加政府采购' },
      bearer(reader),
    );
    expect(use.status).toBe(201);
    expect(use.body).toMatchObject({ checkId: answer.body.checkId, decision: 'EXCLUDED_FROM_PROCUREMENT', recordedAt: expect.any(String) });
    const other = await tokenFor(FINANCE_BUREAU, '财政局', 'reader');
    expect((await call('POST', `/api/v1/credit-checks/${answer.body.checkId}/use`, { decision: 'X' }, bearer(other))).status).toBe(403);
    const uses = await fixture.query(`SELECT department_code, decision, note FROM credit_check_uses WHERE check_id = $1`, [answer.body.checkId]);
    expect(uses).toEqual([{ department_code: PROCUREMENT_CENTRE, decision: 'EXCLUDED_FROM_PROCUREMENT', note: '列入严重失信主体名单，不得参加政府采购' }]);
  });

  it('answers concurrent checks each with its own recorded check', async () => {
    const subjects = [black, red, both, unlisted];
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => check(subjects[i % 4], at(i))));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    answers.forEach((a, i) => {
      expect(a.body.subjectCode).toBe(subjects[i % 4]);
      expect(a.body.scenario).toBe(at(i));
      if (subjects[i % 4] === black) expect(a.body.measures).toEqual(expected(punishments, at(i)));
      if (subjects[i % 4] === red) expect(a.body.incentives).toEqual(expected(incentives, at(i)));
    });
    const ids = answers.map((a) => a.body.checkId as string);
    expect(new Set(ids).size).toBe(60);
    const recorded = await fixture.query<{ id: string; scenario: string }>(`SELECT id::text, scenario FROM credit_checks WHERE id = ANY ($1::uuid[])`, [ids]);
    expect(recorded).toHaveLength(60);
    const byId = new Map(recorded.map((r) => [r.id, r.scenario]));
    answers.forEach((a) => expect(byId.get(a.body.checkId)).toBe(a.body.scenario));
  });

  it('refuses a caller without reader (403) or without a token (401), and records nothing', async () => {
    const subject = freshUscc();
    await list(subject, 'BLACK');
    const submitter = await tokenFor(PROCUREMENT_CENTRE, '政府采购中心', 'submitter', 'reviewer');
    const denied = await check(subject, 'GOVERNMENT_PROCUREMENT', submitter);
    expect(denied.status).toBe(403);
    expect(denied.contentType).toContain('application/problem+json');
    expect((await call('GET', `/api/v1/credit-check/${subject}?scenario=TENDERING`)).status).toBe(401);
    const batch = await call('POST', '/api/v1/credit-check/batch', { subjectCodes: [subject], scenario: 'TENDERING' }, bearer(submitter));
    expect(batch.status).toBe(403);
    expect(await checksOf(subject)).toBe(0);
  });

  it('refuses an unknown or missing scenario and a malformed subject code with 400 naming the field, recording nothing', async () => {
    const subject = freshUscc();
    for (const query of ['?scenario=LOTTERY', '', '?scenario=government_procurement']) {
      const refused = await call('GET', `/api/v1/credit-check/${subject}${query}`, undefined, bearer(reader));
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'scenario' })]));
    }
    // A wrong check character, a wrong length, a citizen number with a wrong check digit.
    for (const code of [`${subject.slice(0, 17)}${subject[17] === '0' ? '1' : '0'}`, subject.slice(0, 17), '450102199003071239']) {
      const refused = await check(code, 'TENDERING');
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'subjectCode' })]);
      expect(refused.text).not.toContain('450102199003071239');
    }
    expect(await checksOf(subject)).toBe(0);
  });

  it('answers for a natural person with the masked number only, and keeps it out of the record', async () => {
    const idNumber = freshCitizenId();
    await list(idNumber, 'BLACK');
    const answer = await check(idNumber, 'CIVIL_SERVANT_HIRING');
    expect(answer.status).toBe(200);
    expect(answer.body.subjectCode).toBe(maskIdNumber(idNumber));
    expect(answer.text).not.toContain(idNumber);
    expect(answer.body.measures).toEqual(expected(punishments, 'CIVIL_SERVANT_HIRING'));
    const [row] = await fixture.query<{ subject_key: string; answer: unknown }>(`SELECT subject_key, answer FROM credit_checks WHERE id = $1`, [answer.body.checkId]);
    expect(row.subject_key).toMatch(/^NP-/);
    expect(JSON.stringify(row.answer)).not.toContain(idNumber);
    expect(fixture.service.logs()).not.toContain(idNumber);
  });

  it('checks a batch of 500 mixed subjects in order, each recorded; 501 is refused and nothing recorded', async () => {
    const listedBlack = [black, both];
    const codes = Array.from({ length: 500 }, (_, i) => (i % 50 === 0 ? listedBlack[(i / 50) % 2] : i % 50 === 25 ? red : freshUscc()));
    const batch = await call('POST', '/api/v1/credit-check/batch', { subjectCodes: codes, scenario: 'FISCAL_FUNDING' }, bearer(reader));
    expect(batch.status).toBe(200);
    const checks: { checkId: string; subjectCode: string; measures: unknown[]; incentives: unknown[]; lists: unknown[] }[] = batch.body.checks;
    expect(checks.map((c) => c.subjectCode)).toEqual(codes);
    checks.forEach((c, i) => {
      const code = codes[i];
      expect(c.measures).toEqual(code === black || code === both ? expected(punishments, 'FISCAL_FUNDING') : []);
      expect(c.incentives).toEqual(code === red || code === both ? expected(incentives, 'FISCAL_FUNDING') : []);
      expect(c.lists).toHaveLength(code === both ? 2 : code === black || code === red ? 1 : 0);
    });
    const ids = checks.map((c) => c.checkId);
    const [{ n }] = await fixture.query<{ n: number }>(
      `SELECT count(DISTINCT id)::int AS n FROM credit_checks WHERE id = ANY ($1::uuid[]) AND scenario = 'FISCAL_FUNDING' AND department_code = $2`,
      [ids, PROCUREMENT_CENTRE],
    );
    expect(n).toBe(500);

    const fresh = Array.from({ length: 501 }, () => freshUscc());
    const refused = await call('POST', '/api/v1/credit-check/batch', { subjectCodes: fresh, scenario: 'FISCAL_FUNDING' }, bearer(reader));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'subjectCodes' })]));
    const badItem = await call('POST', '/api/v1/credit-check/batch', { subjectCodes: [fresh[0], 'nonsense'], scenario: 'FISCAL_FUNDING' }, bearer(reader));
    expect(badItem.status).toBe(400);
    expect(badItem.body.errors).toEqual([expect.objectContaining({ field: 'subjectCodes.1' })]);
    const [{ none }] = await fixture.query<{ none: number }>(`SELECT count(*)::int AS none FROM credit_checks WHERE subject_key = ANY ($1::text[])`, [fresh]);
    expect(none).toBe(0);
  });

  it("answers with the subject's latest grade from grading-supervision's events, an older one changing nothing", async () => {
    const subject = freshUscc();
    expect((await check(subject, 'HONOURS')).body).toMatchObject({ grade: null, score: null });
    const graded = (streamVersion: number, score: number, grade: GradeRecomputedV1['grade']) =>
      testEnvelope<GradeRecomputedV1>({
        type: 'grading-supervision.grade-recomputed',
        subjectKey: subject,
        stream: `grade-${subject}`,
        streamVersion,
        data: { score, grade, previousGrade: null, factors: [], triggerEventId: randomUUID(), triggerType: 'double-publicity.penalty-published' },
      });
    const latest = graded(3, 60, 'C');
    await fixture.events.publish(latest);
    const answer = await waitFor(
      async () => {
        const a = await check(subject, 'HONOURS');
        return a.body.grade === 'C' ? a : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'the grade reaching the credit check' },
    );
    expect(answer.body).toMatchObject({ grade: 'C', score: 60, gradedAt: expect.any(String) });

    const older = graded(2, 95, 'A');
    await fixture.events.publish(older);
    await waitFor(async () => (await fixture.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [older.id])).length === 1, {
      timeoutMs: 60_000,
      intervalMs: 500,
      description: 'the older grade event handled',
    });
    expect((await check(subject, 'HONOURS')).body).toMatchObject({ grade: 'C', score: 60 });
  });
});
