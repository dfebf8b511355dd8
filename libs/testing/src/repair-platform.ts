/**
 * The whole platform as `npm run local:up` runs it — every service its own compiled process, each
 * with its own database, on a real broker — plus the sandbox national platform, and the steps of
 * the repair flow driven over the REST contract. Framework-free (errors, not `expect`), so that the
 * end-to-end suite, the fault suite and the recovery benchmark drive the same flow the same way.
 * Build first (`npm run build`).
 */
import { TOPICS } from '@credit/contracts';
import { freshUscc } from './codes';
import { ComposeService } from './compose-service';
import { groupAtEndOfTopics } from './consumer-groups';
import { apiCaller, bearer, queryDatabase, type ApiCall } from './http';
import { createTestDatabase, testInfra, uniqueName, type TestDatabase } from './infra';
import { devEnv, serviceCatalog } from './repo';
import { startSandbox, type RunningSandbox } from './sandbox-national-platform';
import { freePort, ServiceProcess, type RunningService } from './service-process';
import { mintToken } from './token';
import { waitFor } from './wait-for';

export const PLATFORM_SERVICES = [
  'subject-registry',
  'double-publicity',
  'commitments',
  'grading-supervision',
  'joint-punishment',
  'credit-repair',
  'credit-portal',
  'national-connector',
  'credit-sharing',
] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** The department behind the flow's tokens (market regulation). */
export const FLOW_DEPARTMENT = '11450100007712342F';

/**
 * A valid general penalty of a legal person, fined 5000 yuan, decided and reported by `unit`, as a
 * department posts it. Decided on 2025-06-03: the 3-month minimum publicity period (Order 58) has
 * elapsed, so it can be repaired at once.
 */
export function penaltyRequest(options: { code: string; name: string; unit: { name: string; code: string }; decisionNumber: string }) {
  return {
    decisionNumber: options.decisionNumber,
    subject: { name: options.name, kind: 'LEGAL_PERSON', code: options.code },
    violationType: '虚假宣传',
    violationFacts: '在商品详情页发布虚假宣传内容',
    basis: '《中华人民共和国反不正当竞争法》第二十条',
    categories: ['罚款'],
    content: '罚款人民币五千元',
    fineAmount: '5000.00',
    decidedOn: '2025-06-03',
    severity: 'GENERAL',
    authority: options.unit,
    sourceUnit: options.unit,
  };
}

export interface RepairSubject {
  code: string;
  penaltyId: string;
  listEntryId: string;
  measureCode: string;
  commitmentId: string;
  gradeBefore: { score: number; factors: { effect: number }[] };
}

export interface RepairPlatformOptions {
  /** Names the consumer groups and databases of this run. */
  run?: string;
  /** Extra settings of every service (on top of deploy/local/dev.env and the test infrastructure). */
  env?: Record<string, string>;
  /** How long a service may take to become healthy (default 120 s). */
  healthTimeoutMs?: number;
  /**
   * KAFKA_TOPIC_PREFIX of every service (default none): the run works on topics of its own and a
   * platform already running on the same broker sees none of its events (the benchmarks set one).
   */
  topicPrefix?: string;
  /**
   * Instances per service (default 1): `{ 'joint-punishment': 2 }` runs two processes of it on the
   * same database and consumer group, each on its own port, as a scaled-out deployment does. The
   * service's `api` then spreads calls over its running instances, as a load balancer would.
   */
  instances?: Partial<Record<PlatformService, number>>;
}

class FlowError extends Error {
  constructor(step: string, response: { status: number; text: string }) {
    super(`${step}: HTTP ${response.status} ${response.text.slice(0, 500)}`);
  }
}

function expectStatus(step: string, response: { status: number; text: string }, ...statuses: number[]): void {
  if (!statuses.includes(response.status)) throw new FlowError(step, response);
}

export class RepairPlatform {
  /** The first instance of each service (see {@link instancesOf} for all of them). */
  readonly services = {} as Record<PlatformService, RunningService>;
  /** The second and further instances of the services `options.instances` scales out. */
  readonly extraInstances = {} as Record<PlatformService, ServiceProcess[]>;
  readonly api = {} as Record<PlatformService, ApiCall>;
  readonly env = {} as Record<PlatformService, Record<string, string>>;
  readonly databases = {} as Record<PlatformService, TestDatabase>;
  /** Two linkage units (联动单位) that apply the flow's measure. */
  readonly linkageUnits = [freshUscc('11450100'), freshUscc('11450100')];
  tokens!: { submitter: string; reviewer: string; reader: string; admin: string };

  private constructor(
    readonly sandbox: RunningSandbox,
    private readonly options: RepairPlatformOptions,
  ) {}

  /**
   * Starts the sandbox and every service, two at a time (eight Node processes starting at once on
   * two cores only slow each other down). Each service's consumer group starts at the end of both
   * topics, so a run reads only its own events, not the broker's whole history.
   */
  static async start(options: RepairPlatformOptions = {}): Promise<RepairPlatform> {
    if (process.env.CREDIT_PLATFORM === 'docker-compose') return RepairPlatform.attachToCompose(options);
    const platform = new RepairPlatform(await startSandbox({ port: 0 }), options);
    const run = options.run ?? uniqueName('repair-flow');
    await platform.mintTokens();
    for (const name of PLATFORM_SERVICES) {
      const db = await createTestDatabase(name.replace(/-/g, '_'));
      platform.databases[name] = db;
      const group = `${run}-${name}`;
      const topicPrefix = options.topicPrefix ?? '';
      await groupAtEndOfTopics(group, [TOPICS.subjectEvents, TOPICS.reference].map((topic) => `${topicPrefix}${topic}`));
      platform.env[name] = {
        DATABASE_URL: db.url,
        KAFKA_CONSUMER_GROUP: group,
        NATIONAL_PLATFORM_URL: platform.sandbox.url,
        DELIVERY_BACKOFF_INITIAL_MS: '200',
        DELIVERY_BACKOFF_MAX_MS: '1000',
        REPAIR_EFFECT_DEADLINE_SECONDS: '600',
        ...(topicPrefix && { KAFKA_TOPIC_PREFIX: topicPrefix }),
        ...options.env,
      };
    }
    try {
      for (let i = 0; i < PLATFORM_SERVICES.length; i += 2) {
        await Promise.all(PLATFORM_SERVICES.slice(i, i + 2).map((name) => platform.startService(name)));
      }
      await platform.startExtraInstances();
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  /**
   * The platform a docker-compose stack runs (deploy/docker/test-docker.sh sets CREDIT_PLATFORM=docker-compose):
   * the same flow against the containers of project CREDIT_COMPOSE_PROJECT, on the host ports
   * <NAME>_HOST_PORT (default the service's own), with each service's database in the stack's
   * PostgreSQL (DATABASE_URL). The sandbox listens on every interface at CREDIT_SANDBOX_PORT, where
   * the stack's NATIONAL_PLATFORM_URL points. `stop()` leaves the containers running.
   */
  private static async attachToCompose(options: RepairPlatformOptions): Promise<RepairPlatform> {
    const project = process.env.CREDIT_COMPOSE_PROJECT;
    if (!project) throw new Error('CREDIT_PLATFORM=docker-compose needs CREDIT_COMPOSE_PROJECT (the compose project name)');
    const platform = new RepairPlatform(await startSandbox({ port: Number(process.env.CREDIT_SANDBOX_PORT ?? 0), host: '0.0.0.0' }), options);
    platform.compose = true;
    await platform.mintTokens();
    const settings = devEnv();
    const server = new URL(testInfra().adminDatabaseUrl);
    const catalog = serviceCatalog();
    for (const name of PLATFORM_SERVICES) {
      const entry = catalog.find((s) => s.name === name);
      if (!entry) throw new Error(`${name} is not in deploy/local/services.txt`);
      const hostPort = Number(process.env[`${name.toUpperCase().replace(/-/g, '_')}_HOST_PORT`] ?? entry.port);
      const database = new URL(server.href);
      database.pathname = `/${entry.database}`;
      platform.databases[name] = { url: database.href, name: entry.database, drop: async () => undefined };
      platform.env[name] = settings;
      const service = await new ComposeService(name, hostPort, settings, project).attach();
      platform.services[name] = service;
      platform.api[name] = apiCaller(() => service.url);
      await service.waitHealthy(options.healthTimeoutMs ?? 120_000);
    }
    return platform;
  }

  private compose = false;

  private async mintTokens(): Promise<void> {
    const [submitter, reviewer, reader, admin] = await Promise.all(
      (['submitter', 'reviewer', 'reader', 'admin'] as const).map((role) => mintToken({ sub: FLOW_DEPARTMENT, name: `e2e-${role}`, roles: [role] })),
    );
    this.tokens = { submitter, reviewer, reader, admin };
  }

  /** Starts (or starts again, on the same database and group) one service and waits until it is healthy. */
  async startService(name: PlatformService, healthy = true): Promise<RunningService> {
    const running = this.services[name];
    if (running instanceof ComposeService) {
      await running.start();
      if (healthy) await running.waitHealthy(this.options.healthTimeoutMs ?? 120_000);
      return running;
    }
    const service = ServiceProcess.start({ name, port: this.services[name]?.port ?? (await freePort()), env: this.env[name] });
    this.services[name] = service;
    this.api[name] = apiCaller(() => this.nextUrl(name));
    if (healthy) await service.waitHealthy(this.options.healthTimeoutMs ?? 120_000);
    return service;
  }

  /**
   * The second and further instances of each service `options.instances` scales out, on the first
   * instance's settings (database, consumer group) and ports of their own, two at a time.
   */
  private async startExtraInstances(): Promise<void> {
    const pending: [PlatformService, number][] = [];
    for (const name of PLATFORM_SERVICES) {
      this.extraInstances[name] = [];
      for (let n = 1; n < (this.options.instances?.[name] ?? 1); n++) pending.push([name, n]);
    }
    for (let i = 0; i < pending.length; i += 2) {
      await Promise.all(
        pending.slice(i, i + 2).map(async ([name]) => {
          const service = ServiceProcess.start({ name, port: await freePort(), env: this.env[name] });
          this.extraInstances[name].push(service);
          await service.waitHealthy(this.options.healthTimeoutMs ?? 120_000);
        }),
      );
    }
  }

  /** Every instance of a service, the first one first. */
  instancesOf(name: PlatformService): RunningService[] {
    return [this.services[name], ...(this.extraInstances[name] ?? [])].filter((service) => service !== undefined);
  }

  private readonly turns = new Map<PlatformService, number>();

  /** The next running instance of a service, in turn (all of them when none is running). */
  private nextUrl(name: PlatformService): string {
    const all = this.instancesOf(name);
    const running = all.filter((service) => !(service instanceof ServiceProcess) || service.running);
    const pool = running.length > 0 ? running : all;
    const turn = this.turns.get(name) ?? 0;
    this.turns.set(name, turn + 1);
    return pool[turn % pool.length].url;
  }

  async stop(): Promise<void> {
    if (this.compose) {
      await this.sandbox.close().catch(() => undefined);
      return;
    }
    const extras = Object.values(this.extraInstances).flat();
    await Promise.all([...Object.values(this.services), ...extras].map((service) => service.stop().catch(() => undefined)));
    await this.sandbox.close().catch(() => undefined);
    for (const db of Object.values(this.databases)) await db.drop().catch(() => undefined);
  }

  /** Every service's /health: the status code per service (0 when it does not answer). */
  async healthStatuses(): Promise<Record<PlatformService, number>> {
    const entries = await Promise.all(
      PLATFORM_SERVICES.map(async (name) => {
        try {
          const response = await fetch(`${this.services[name].url}/health`, { signal: AbortSignal.timeout(5_000) });
          return [name, response.status] as const;
        } catch {
          return [name, 0] as const;
        }
      }),
    );
    return Object.fromEntries(entries) as Record<PlatformService, number>;
  }

  /** Waits until every service answers GET /health with 200; returns the statuses. */
  allHealthy(timeoutMs = 60_000): Promise<Record<PlatformService, number>> {
    return waitFor(
      async () => {
        const statuses = await this.healthStatuses();
        return Object.values(statuses).every((status) => status === 200) ? statuses : undefined;
      },
      { timeoutMs, intervalMs: 250, description: 'GET /health 200 on every service' },
    );
  }

  /** Dead letters recorded by every service (its `dead_letters` table), as `service: count`. */
  async deadLetters(): Promise<Record<PlatformService, number>> {
    const counts = {} as Record<PlatformService, number>;
    for (const name of PLATFORM_SERVICES) {
      const [row] = await queryDatabase(this.databases[name].url, `SELECT count(*)::int AS n FROM dead_letters`);
      counts[name] = row.n;
    }
    return counts;
  }

  /**
   * A subject with a penalty old enough to repair, a list entry with measures by two units, a repair
   * commitment. `code` is the subject's USCC (a fresh valid one by default; a pilot code the
   * platform's USCC_ALLOW_LIST names, for instance).
   */
  async prepareSubject(options: { code?: string } = {}): Promise<RepairSubject> {
    const { api, tokens } = this;
    const code = options.code ?? freshUscc();
    const name = `南宁市修复测试${code.slice(10, 16)}有限公司`;
    expectStatus('register the subject', await api['subject-registry']('POST', '/api/v1/subjects', { code, name, kind: 'LEGAL_PERSON' }, bearer(tokens.submitter)), 201);

    const unit = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
    const penalty = await api['double-publicity'](
      'POST',
      '/api/v1/penalties',
      penaltyRequest({ code, name, unit, decisionNumber: `南市监处罚〔2025〕${code.slice(12)}号` }),
      bearer(tokens.submitter),
    );
    expectStatus('record the penalty', penalty, 201);
    if (penalty.body.publicity.status !== 'PUBLISHED') throw new FlowError('the penalty is published', penalty);
    const penaltyId: string = penalty.body.id;
    await waitFor(async () => (await this.websiteShows(code, penaltyId)) || undefined, { timeoutMs: 60_000, description: 'the penalty shows on the credit website' });

    const measureCode = `M-${code.slice(8, 17)}`;
    for (const linkageUnit of this.linkageUnits) {
      expectStatus('define a linkage unit', await api['joint-punishment']('POST', '/api/v1/linkage-units', { code: linkageUnit, name: `联动单位 ${linkageUnit}` }, bearer(tokens.admin)), 200, 201);
    }
    expectStatus(
      'define the list category',
      await api['joint-punishment'](
        'POST',
        '/api/v1/list-categories',
        { code: 'MARKET_SERIOUS_ILLEGAL', name: '市场监督管理严重违法失信名单', list: 'BLACK', legalBasis: '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）' },
        bearer(tokens.admin),
      ),
      200,
      201,
    );
    expectStatus(
      'define the measure',
      await api['joint-punishment'](
        'POST',
        '/api/v1/measures',
        {
          code: measureCode,
          name: '限制参与政府采购活动',
          kind: 'PUNISHMENT',
          appliesTo: 'BLACK',
          unitCodes: this.linkageUnits,
          scenarios: ['GOVERNMENT_PROCUREMENT'],
          legalBasis: '《中华人民共和国政府采购法》第二十二条',
        },
        bearer(tokens.admin),
      ),
      201,
    );

    // joint-punishment lists only a subject it knows: it learns of this one from the registration and penalty events.
    const entry = await waitFor(
      async () => {
        const listed = await api['joint-punishment'](
          'POST',
          '/api/v1/list-entries',
          {
            subjectCode: code,
            list: 'BLACK',
            category: 'MARKET_SERIOUS_ILLEGAL',
            basis: { recordIds: [penaltyId], document: '南市监列严〔2025〕1号' },
            initiatingUnit: unit,
            decidedOn: '2025-06-10',
          },
          bearer(tokens.reviewer),
        );
        // Until the registration and the penalty's events reach joint-punishment, it refuses (and says so).
        if (listed.status === 422 && ['list-entry.subject-known', 'list-entry.basis-record-known'].includes(listed.body?.rule)) return undefined;
        return listed;
      },
      { timeoutMs: 60_000, description: 'joint-punishment knows the subject and lists it' },
    );
    expectStatus('list the subject', entry, 201);
    const listEntryId: string = entry.body.id;

    const commitment = await api['commitments'](
      'POST',
      '/api/v1/commitments',
      {
        subjectCode: code,
        type: 'CREDIT_REPAIR',
        matter: '信用修复',
        text: '本单位承诺已纠正失信行为并履行相关义务，如有虚假愿承担相应责任。',
        signedOn: '2026-01-05',
        public: true,
        acceptingUnit: unit,
      },
      bearer(tokens.submitter),
    );
    expectStatus('sign the repair commitment', commitment, 201);

    const gradeBefore = await waitFor(
      async () => {
        const grade = await api['grading-supervision']('GET', `/api/v1/grades/${code}`, undefined, bearer(tokens.reader));
        return grade.status === 200 && grade.body.factors.length >= 2 ? grade.body : undefined;
      },
      { timeoutMs: 60_000, description: 'the grade counts the penalty and the list entry' },
    );
    return { code, penaltyId, listEntryId, measureCode, commitmentId: commitment.body.id as string, gradeBefore };
  }

  /** Applies for the repair once credit-repair has seen the penalty and the commitment. */
  async applyForRepair(subject: RepairSubject): Promise<string> {
    return waitFor(
      async () => {
        const applied = await this.api['credit-repair'](
          'POST',
          '/api/v1/repair-applications',
          {
            subjectCode: subject.code,
            target: { type: 'PENALTY', id: subject.penaltyId },
            commitmentId: subject.commitmentId,
            evidence: [{ kind: 'PAYMENT_RECEIPT', description: '罚款缴纳凭证' }],
          },
          bearer(this.tokens.submitter),
        );
        if (applied.status === 201) return applied.body.id as string;
        // credit-repair learns of penalties and commitments from events: until they arrive it refuses.
        expectStatus('apply for the repair', applied, 422);
        return undefined;
      },
      { timeoutMs: 60_000, description: 'credit-repair accepts the application' },
    );
  }

  /** The deciding unit's reviewer approves (谁认定、谁修复). */
  async approve(applicationId: string): Promise<void> {
    const decided = await this.api['credit-repair'](
      'POST',
      `/api/v1/repair-applications/${applicationId}/decision`,
      { approved: true, reason: '已履行行政处罚决定并签署信用承诺' },
      bearer(this.tokens.reviewer),
    );
    expectStatus('approve the repair', decided, 200);
  }

  /** The application as credit-repair shows it. */
  async application(applicationId: string): Promise<{ status: string; effects: { service: string; effect: string; status: string; at?: string }[] }> {
    const got = await this.api['credit-repair']('GET', `/api/v1/repair-applications/${applicationId}`, undefined, bearer(this.tokens.reader));
    expectStatus('read the application', got, 200);
    return got.body;
  }

  /** Waits for COMPLETED and returns the application. */
  async completed(applicationId: string, timeoutMs = 60_000): Promise<Awaited<ReturnType<RepairPlatform['application']>>> {
    return waitFor(
      async () => {
        const application = await this.application(applicationId).catch(() => undefined);
        return application?.status === 'COMPLETED' ? application : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `repair application ${applicationId} COMPLETED` },
    );
  }

  /** Whether the credit website's page of the subject shows the penalty. */
  async websiteShows(code: string, penaltyId: string): Promise<boolean> {
    const page = await this.api['credit-portal']('GET', `/api/v1/public/subjects/${code}`);
    return page.status === 200 && page.body.penalties.some((p: { penaltyId?: string; id?: string }) => (p.penaltyId ?? p.id) === penaltyId);
  }

  /**
   * What a repaired subject looks like everywhere, read at once: no penalty nor list entry on the
   * website, no measure in the credit check, every national target told exactly once, each effect
   * confirmed exactly once. Returns the problems found (empty: all is well).
   */
  async repairedEverywhere(subject: RepairSubject, applicationId: string): Promise<string[]> {
    const problems: string[] = [];
    const page = await this.api['credit-portal']('GET', `/api/v1/public/subjects/${subject.code}`);
    if (page.status !== 200 || page.body.penalties.length > 0 || page.body.lists.length > 0) {
      problems.push(`website still shows the subject's records: ${page.text.slice(0, 300)}`);
    }
    const check = await this.api['joint-punishment']('GET', `/api/v1/credit-check/${subject.code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(this.tokens.reader));
    if (check.status !== 200 || check.body.measures.length > 0) problems.push(`credit check still applies measures: ${check.text.slice(0, 300)}`);
    for (const target of ['credit-china', 'enterprise-publicity']) {
      const received = this.sandbox.received({ path: '/repair-results', target }).filter((r) => r.status === 200 && !r.duplicate && JSON.stringify(r.body).includes(applicationId));
      if (received.length !== 1) problems.push(`${target} received the repair result ${received.length} times`);
    }
    const confirmations = await queryDatabase<{ effect: string; n: number }>(
      this.databases['credit-repair'].url,
      `SELECT data->>'effect' AS effect, count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'credit-repair.repair-effect-confirmed' GROUP BY 1 ORDER BY 1`,
      [`repair-${applicationId}`],
    );
    const application = await this.application(applicationId);
    for (const effect of application.effects) {
      const confirmed = confirmations.find((c) => c.effect === effect.effect)?.n ?? 0;
      if (effect.status !== 'DONE' || confirmed !== 1) problems.push(`effect ${effect.effect}: ${effect.status}, confirmed ${confirmed} times`);
    }
    // Each linkage unit's measure lifted exactly once.
    const lifts = await queryDatabase<{ n: number }>(
      this.databases['joint-punishment'].url,
      `SELECT count(*)::int AS n FROM events WHERE type = 'joint-punishment.measure-lifted' AND data->>'listEntryId' = $1 AND data->>'measureCode' = $2`,
      [subject.listEntryId, subject.measureCode],
    );
    if (lifts[0].n !== this.linkageUnits.length) problems.push(`measure ${subject.measureCode} lifted ${lifts[0].n} times for ${this.linkageUnits.length} units`);
    return problems;
  }
}
