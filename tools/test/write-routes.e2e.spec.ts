/**
 * Every write route of the platform (support/write-routes.ts), on the whole platform as
 * `npm run local:up` runs it: every service its own compiled process on a real broker and real
 * databases (build first: `npm run build`).
 *
 * - Authorization matrix: each route × {another department, the subject itself, no role, the wrong
 *   role, an expired token, the owning unit} → the status each gets. After each refusal the
 *   resource reads back unchanged and no service appended an event under the refused request.
 * - Fuzz: random and hostile bodies (control characters, surrogates, bidi overrides, deep nesting,
 *   huge numbers, wrong types, whitespace) on every route → no 5xx, and every event the platform
 *   published meanwhile passes the contract every consumer checks; no consumer dead-lettered one.
 * - Personal data: after all that, no table of any service, no message on the topics and no log
 *   line holds a clear ID number the run used, whatever spacing or digits it was written with.
 */
import { eventRegistry, TOPICS, type EventEnvelope } from '@credit/contracts';
import { bearer, FLOW_DEPARTMENT, freshCitizenId, freshUscc, KafkaProbe, mintToken, PLATFORM_SERVICES, queryDatabase, RepairPlatform, waitFor } from '@credit/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { CALLERS, expectedStatus, tokenOf, WRITE_ROUTES, type Attempt, type RouteContext, type WriteRoute } from './support/write-routes';

/** Fuzzed requests per route. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 40);

let platform: RepairPlatform;
let probe: KafkaProbe;
let ctx: RouteContext;
/** Clear ID numbers the run sent, for the sweep at the end. */
const clearNumbers = new Set<string>();

beforeAll(async () => {
  probe = await KafkaProbe.start({ topic: [TOPICS.subjectEvents, TOPICS.reference], fromBeginning: false });
  platform = await RepairPlatform.start({ run: 'write-routes' });
  ctx = { platform, subject: await platform.prepareSubject(), other: freshUscc('11450100') };
}, 600_000);

afterAll(async () => {
  await platform?.stop();
  await probe?.stop();
});

/**
 * Events any service appended under a correlation id (a refused request must leave none). A batch's
 * refused items leave only their count for collection monitoring (`double-publicity.intake-items-refused`:
 * department, kind, per-day counts; no item content), which is not a write of the refused resource.
 */
async function eventsUnder(correlationId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of PLATFORM_SERVICES) {
    const [row] = await queryDatabase(
      platform.databases[name].url,
      `SELECT count(*)::int AS n FROM events WHERE correlation_id = $1 AND type <> 'double-publicity.intake-items-refused'`,
      [correlationId],
    );
    if (row.n > 0) counts[name] = row.n;
  }
  return counts;
}

const send = async (route: WriteRoute, attempt: Attempt, body: unknown, token: string, correlationId = randomUUID()) =>
  platform.api[route.service](attempt.method, attempt.path, body, bearer(token, { 'x-correlation-id': correlationId }));

/** A body nested 5000 levels deep, written out as text (JSON.stringify itself would overflow its stack). */
async function sendDeep(route: WriteRoute, attempt: Attempt, token: string, correlationId: string) {
  const response = await fetch(`${platform.services[route.service].url}${attempt.path}`, {
    method: attempt.method,
    headers: { 'content-type': 'application/json', ...bearer(token, { 'x-correlation-id': correlationId }) },
    body: `${'[{"a":'.repeat(2500)}1${'}]'.repeat(2500)}`,
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text(), body: undefined };
}

describe('authorization matrix: every write route × every kind of caller', () => {
  it.each(WRITE_ROUTES.map((route) => [route.route, route] as const))('%s', async (_name, route) => {
    const attempt = await route.prepare(ctx);
    const outcomes: Record<string, number> = {};
    const expected: Record<string, number> = {};
    const problems: string[] = [];
    for (const caller of CALLERS) {
      expected[caller] = expectedStatus(route, caller);
      const before = await attempt.read?.();
      const correlationId = randomUUID();
      const response = await send(route, attempt, attempt.body(), await tokenOf(caller, route, ctx), correlationId);
      outcomes[caller] = response.status;
      const perItem = route.refusedPerItem?.callers.includes(caller) === true;
      const refusedPerItem =
        perItem &&
        response.status === 200 &&
        (response.body.results as { status: string; errors?: { field: string }[] }[]).every(
          (item) => item.status === 'INVALID' && item.errors?.some((e) => e.field === route.refusedPerItem?.field),
        );
      if (perItem && !refusedPerItem) problems.push(`${caller}: the batch was not refused item by item: ${response.text.slice(0, 300)}`);
      if (response.status >= 400 || refusedPerItem) {
        if (!refusedPerItem && !response.contentType.includes('application/problem+json')) problems.push(`${caller}: ${response.status} is not a problem+json answer`);
        const appended = await eventsUnder(correlationId);
        if (Object.keys(appended).length > 0) problems.push(`${caller}: refused (${response.status}), yet events were appended: ${JSON.stringify(appended)}`);
        if (attempt.read) {
          const after = await attempt.read();
          if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${caller}: refused (${response.status}), yet the resource changed`);
        }
      } else if (response.status !== expected[caller]) {
        problems.push(`${caller}: ${response.status} ${response.text.slice(0, 300)}`);
      }
    }
    expect({ outcomes, problems }).toEqual({ outcomes: expected, problems: [] });
  }, 180_000);
});

/** Strings every text, code and date field must survive without a 5xx: refused (4xx) or stored clean. */
const HOSTILE_STRINGS = [
  '',
  '   ',
  '\t\n',
  'a\u0000b',
  '\u0007bell',
  '\u009bcsi',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  'name\u2066x\u2069',
  'zero\u200bwidth',
  '\ufeffbom',
  '２０２６－０１－０１',
  '2026-02-30',
  '9999-99-99',
  '1e20',
  '-1',
  'NaN',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%00',
  '../../etc/passwd',
  '😀'.repeat(300),
  'x'.repeat(20_000),
];

const DEEP = Symbol.for('a body nested 5000 levels deep');

/** A value nested `depth` levels deep. */
const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1.5, [], {}, [null], { '': '' }, { __proto__: { admin: true } }),
  fc.integer({ min: 2, max: 60 }).map(nested),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value in a JSON body. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

function withValueAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  const [head, ...rest] = path;
  copy[head] = withValueAt(copy[head], rest, value);
  return copy;
}

/** A fuzzed body: the route's valid body with one or two values replaced, a field removed, or something else entirely. */
const fuzzedBody = (valid: () => unknown): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.nat(), hostileValue).map(([i, v]) => { const b = valid(); const p = pathsOf(b); return withValueAt(b, p[i % p.length], v); }) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(), fc.nat(), hostileValue, hostileValue).map(([i, j, v, w]) => { let b = valid(); const p = pathsOf(b); b = withValueAt(b, p[i % p.length], v); const q = pathsOf(b); return withValueAt(b, q[j % q.length], w); }) },
    { weight: 1, arbitrary: fc.nat().map((i) => { const b = valid() as Record<string, unknown>; const keys = Object.keys(b ?? {}); if (keys.length === 0) return b; const { [keys[i % keys.length]]: _gone, ...rest } = b; return rest; }) },
    // DEEP stands for a body nested 5000 levels (made when sent: fast-check need not print it).
    { weight: 1, arbitrary: fc.oneof(fc.constant(DEEP), fc.jsonValue({ maxDepth: 4 }), fc.constant([]), fc.constant('text')) },
  );

describe('fuzz: hostile bodies on every write route', () => {
  const figures = { requests: 0, serverErrors: 0, byStatus: {} as Record<number, number> };
  const correlationIds = new Set<string>();
  let deadLettersBefore: Record<string, number>;

  /** Dead letters per service, but for the poison records the ops routes' rows publish on purpose. */
  async function unplannedDeadLetters(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of PLATFORM_SERVICES) {
      const [row] = await queryDatabase(platform.databases[name].url, `SELECT count(*)::int AS n FROM dead_letters WHERE message_key IS NULL OR message_key NOT LIKE 'poison-%'`);
      counts[name] = row.n;
    }
    return counts;
  }

  beforeAll(async () => {
    deadLettersBefore = await unplannedDeadLetters();
  });

  afterAll(() => {
    // The figures the issue asks for: requests tried and 5xx seen.
    process.stdout.write(`[fuzz] ${figures.requests} requests on ${WRITE_ROUTES.length} routes, ${figures.serverErrors} answered 5xx; by status ${JSON.stringify(figures.byStatus)}\n`);
  });

  it.each(WRITE_ROUTES.map((route) => [route.route, route] as const))('%s: no 5xx', async (_name, route) => {
    const attempt = await route.prepare(ctx);
    const token = await tokenOf('owner', route, ctx);
    const serverErrors: string[] = [];
    await fc.assert(
      fc.asyncProperty(fuzzedBody(attempt.body), async (body) => {
        const correlationId = randomUUID();
        correlationIds.add(correlationId);
        const response = body === DEEP ? await sendDeep(route, attempt, token, correlationId) : await send(route, attempt, body, token, correlationId);
        figures.requests += 1;
        figures.byStatus[response.status] = (figures.byStatus[response.status] ?? 0) + 1;
        if (response.status >= 500) {
          figures.serverErrors += 1;
          serverErrors.push(`${response.status} for ${JSON.stringify(body).slice(0, 200)}: ${response.text.slice(0, 200)}`);
        }
        if (response.status >= 400 && !response.contentType.includes('application/problem+json')) {
          serverErrors.push(`${response.status} is not a problem+json answer`);
        }
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    expect(serverErrors).toEqual([]);
  }, 300_000);

  it('every event the fuzzed requests produced passes the contract its consumers check, and no consumer dead-lettered one', async () => {
    // Whatever was appended reaches the topics (the relay runs every few hundred milliseconds).
    const appended: { service: string; event_id: string; type: string }[] = [];
    for (const name of PLATFORM_SERVICES) {
      const rows = await queryDatabase<{ event_id: string; type: string }>(platform.databases[name].url, `SELECT event_id::text, type FROM events WHERE correlation_id = ANY($1)`, [[...correlationIds]]);
      appended.push(...rows.map((r) => ({ service: name, ...r })));
    }
    const ids = new Set(appended.map((e) => e.event_id));
    const onTopics = () => new Map(probe.envelopes.filter((e) => ids.has(e.id)).map((e) => [e.id, e]));
    await waitFor(async () => onTopics().size === ids.size || undefined, { timeoutMs: 120_000, description: `${ids.size} fuzz-produced events on the topics` }).catch(() => undefined);
    const published = onTopics();
    // Every appended event reached a topic (named here when one did not).
    expect(appended.filter((e) => !published.has(e.event_id)).map((e) => `${e.service} ${e.type}`)).toEqual([]);
    const seen = [...published.values()];
    const refused = seen.map((e) => ({ type: e.type, result: eventRegistry.validate(e) })).filter((r) => !r.result.ok);
    expect(refused).toEqual([]);
    // Consumers have had the time to handle them: none went to a dead-letter topic.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await unplannedDeadLetters()).toEqual(deadLettersBefore);
  }, 240_000);
});

describe('the attacks once reproduced over the REST contract, against the running services', () => {
  const unit = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
  const penalty = (over: Record<string, unknown>) => ({
    decisionNumber: `南市监处罚〔2026〕A${randomUUID().slice(0, 8)}号`,
    subject: { name: '南宁市攻击测试有限公司', kind: 'LEGAL_PERSON', code: freshUscc() },
    violationType: '虚假宣传',
    violationFacts: '在网店发布虚假宣传内容',
    basis: '《中华人民共和国反不正当竞争法》第二十条',
    categories: ['警告'],
    content: '警告',
    decidedOn: '2025-06-03',
    severity: 'GENERAL',
    authority: unit,
    sourceUnit: unit,
    ...over,
  });

  it('tokens: without exp, living too long, or with a sub that is not a USCC → 401', async () => {
    const tokens = [
      await mintToken({ sub: FLOW_DEPARTMENT, roles: ['submitter'], expiresIn: null }),
      await mintToken({ sub: FLOW_DEPARTMENT, roles: ['submitter'], expiresIn: '30d' }),
      await mintToken({ sub: '11450100MB1234567X', roles: ['submitter'] }),
    ];
    for (const token of tokens) {
      const response = await platform.api['double-publicity']('POST', '/api/v1/penalties', penalty({}), bearer(token));
      expect([response.status, response.contentType]).toEqual([401, expect.stringContaining('application/problem+json')]);
    }
  });

  it('bad input: NUL or blank text, 5000-deep JSON, page=1e20 → 400 naming what; nothing reaches the event store', async () => {
    const before = await queryDatabase(platform.databases['double-publicity'].url, `SELECT count(*)::int AS n FROM events`);
    for (const [over, field] of [[{ violationFacts: 'a\u0000b' }, 'violationFacts'], [{ violationFacts: '   ' }, 'violationFacts'], [{ content: '\u202e警告' }, 'content']] as const) {
      const response = await platform.api['double-publicity']('POST', '/api/v1/penalties', penalty(over), bearer(platform.tokens.submitter));
      expect([response.status, response.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, [field]]);
    }
    const deep = await fetch(`${platform.services['double-publicity'].url}/api/v1/penalties`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(platform.tokens.submitter) },
      body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
    });
    expect(deep.status).toBe(400);
    const paged = await platform.api['double-publicity']('GET', '/api/v1/administrative-actions?page=1e20', undefined, bearer(platform.tokens.reader));
    expect([paged.status, paged.text]).toEqual([400, expect.stringContaining('page')]);
    expect(await queryDatabase(platform.databases['double-publicity'].url, `SELECT count(*)::int AS n FROM events`)).toEqual(before);
  });

  it('time travel is not public: an anonymous as-of view of a subject → 401', async () => {
    const asOf = await platform.api['credit-portal']('GET', `/api/v1/public/subjects/${ctx.subject.code}?asOf=2025-07-01T00:00:00Z`);
    expect(asOf.status).toBe(401);
    expect((await platform.api['credit-portal']('GET', `/api/v1/public/subjects/${ctx.subject.code}`)).status).toBe(200);
  });
});

describe('personal data: no clear ID number anywhere after the run', () => {
  /** An ID number as people write it: spaced, hyphenated, full-width. */
  const spellings = (id: string): string[] => [
    id,
    `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
    `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`,
    [...id].map((c) => (c >= '0' && c <= '9' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(''),
  ];

  it('natural persons and ID numbers in free text reach the platform; no table of any service and no topic holds one in clear', async () => {
    const unit = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
    for (const spelling of [0, 1, 2, 3]) {
      const person = freshCitizenId();
      const mentioned = freshCitizenId();
      clearNumbers.add(person);
      clearNumbers.add(mentioned);
      const written = spellings(mentioned)[spelling];
      const created = await platform.api['double-publicity'](
        'POST',
        '/api/v1/penalties',
        {
          decisionNumber: `南市监处罚〔2026〕PII${randomUUID().slice(0, 8)}号`,
          subject: { name: '张三', kind: 'NATURAL_PERSON', code: person },
          violationType: '虚假宣传',
          violationFacts: `当事人（身份证号 ${written}）在网店发布虚假宣传内容`,
          basis: '《中华人民共和国反不正当竞争法》第二十条',
          categories: ['警告'],
          content: `警告。联系人证件 ${written}`,
          decidedOn: '2025-06-03',
          severity: 'GENERAL',
          authority: unit,
          sourceUnit: unit,
          remarks: `备注：${written}`,
        },
        bearer(platform.tokens.submitter),
      );
      expect([spelling, created.status]).toEqual([spelling, 201]);
      const commitment = await platform.api['commitments'](
        'POST',
        '/api/v1/commitments',
        { subjectCode: person, type: 'VOLUNTARY_DISCLOSURE', matter: '主动披露', text: `本人（${written}）承诺所述属实`, signedOn: '2026-01-05', public: true, acceptingUnit: unit },
        bearer(platform.tokens.submitter),
      );
      expect([spelling, commitment.status]).toEqual([spelling, 201]);
      const page = await platform.api['credit-portal']('GET', `/api/v1/public/subjects/${person}`);
      for (const n of [person, mentioned]) expect(page.text.includes(n)).toBe(false);
    }
    // Let the events travel to every consumer before sweeping.
    await new Promise((resolve) => setTimeout(resolve, 8_000));

    /** The text with separators and full-width digits normalised away, so that a number written any way is found. */
    const normalised = (text: string): string =>
      text.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-.\u3000_/]/g, '');
    const found: string[] = [];
    for (const name of PLATFORM_SERVICES) {
      const url = platform.databases[name].url;
      const tables: { table_name: string }[] = await queryDatabase(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      for (const { table_name } of tables) {
        const rows: { row: string }[] = await queryDatabase(url, `SELECT t::text AS row FROM "${table_name}" t`);
        const text = normalised(rows.map((r) => r.row).join('\n'));
        for (const n of clearNumbers) if (text.includes(n)) found.push(`${name}.${table_name}`);
      }
    }
    const topics = normalised(probe.messages.map((m) => `${m.key ?? ''} ${m.value}`).join('\n'));
    for (const n of clearNumbers) if (topics.includes(n)) found.push('topics');
    // And the log lines every service wrote meanwhile.
    for (const name of PLATFORM_SERVICES) {
      const logs = normalised(platform.services[name].logs());
      for (const n of clearNumbers) if (logs.includes(n)) found.push(`${name} logs`);
    }
    // The vault keeps numbers, encrypted: a clear one nowhere.
    expect(found).toEqual([]);
    expect(clearNumbers.size).toBe(8);
  }, 180_000);
});

export type { EventEnvelope };
