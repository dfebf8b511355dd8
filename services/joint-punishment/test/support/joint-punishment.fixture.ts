/**
 * The set-up every joint-punishment end-to-end suite shares: a fresh database, the compiled
 * service in its own process (restartable on the same port), its own consumer group, optionally a
 * Kafka probe and a test event publisher, tokens, and builders for measures, list entries and the
 * events other services publish. Build first (`npm run build`).
 */
import { type EventEnvelope, type PenaltyPublishedV1, type PenaltySeverity, type RepairApprovedV1, type SubjectRegisteredV1 } from '@credit/contracts';
import { resolveSubjectCode } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  devEnv,
  freePort,
  groupAtEndOfSubjectTopic,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  testEnvelope,
  TestEventPublisher,
  uniqueName,
  waitFor,
  type ApiCall,
  type TestDatabase,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

/** The credit office (信用办): admin, reviewer and ops in these tests. */
export const CREDIT_OFFICE = '11450100007712342F';

/** The list categories every suite's service starts with: `MARKET` and `TAX` (black), `HONOUR` (red). */
export const TEST_CATEGORIES = [
  { code: 'MARKET', name: '市场监督管理严重违法失信名单', list: 'BLACK', legalBasis: '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）' },
  { code: 'TAX', name: '重大税收违法失信主体名单', list: 'BLACK', legalBasis: '《重大税收违法失信主体信息公布管理办法》（国家税务总局令第54号）' },
  { code: 'HONOUR', name: '诚信典型名单', list: 'RED', legalBasis: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）' },
] as const;

export interface FixtureOptions {
  /** Names the database and the consumer group: `joint_punishment_<name>_e2e`. */
  name: string;
  /** Topics for a probe started before the service (none: no probe). */
  probeTopics?: string[];
  /** Connect a publisher for the events of other services. */
  publisher?: boolean;
  env?: Record<string, string>;
}

export class JointPunishmentFixture {
  db!: TestDatabase;
  service!: ServiceProcess;
  port!: number;
  private probeOrNull: KafkaProbe | null = null;
  private eventsOrNull: TestEventPublisher | null = null;
  readonly group: string;
  readonly call: ApiCall = apiCaller(() => this.service.url);

  private constructor(private readonly options: FixtureOptions) {
    this.group = uniqueName(`joint-punishment-${options.name}-e2e`);
  }

  static async start(options: FixtureOptions): Promise<JointPunishmentFixture> {
    const fixture = new JointPunishmentFixture(options);
    fixture.db = await createTestDatabase(`joint_punishment_${options.name.replace(/-/g, '_')}_e2e`);
    if (options.probeTopics) fixture.probeOrNull = await KafkaProbe.start({ topic: options.probeTopics, fromBeginning: false });
    if (options.publisher) fixture.eventsOrNull = await TestEventPublisher.connect({ clientId: `joint-punishment-${options.name}-e2e` });
    fixture.port = await freePort();
    await groupAtEndOfSubjectTopic(fixture.group);
    await fixture.startService();
    return fixture;
  }

  get probe(): KafkaProbe {
    if (!this.probeOrNull) throw new Error('fixture started without probeTopics');
    return this.probeOrNull;
  }

  get events(): TestEventPublisher {
    if (!this.eventsOrNull) throw new Error('fixture started without publisher');
    return this.eventsOrNull;
  }

  /** (Re)starts the service on the fixture's port, database and consumer group. */
  async startService(): Promise<void> {
    this.service = ServiceProcess.start({
      name: 'joint-punishment',
      port: this.port,
      env: { DATABASE_URL: this.db.url, KAFKA_CONSUMER_GROUP: this.group, ...this.options.env },
    });
    await this.service.waitHealthy(90_000);
    // A listing names a catalogued category: the suites list under these (200 when already defined).
    const admin = await officeToken('admin');
    for (const category of TEST_CATEGORIES) {
      const defined = await this.call('POST', '/api/v1/list-categories', category, bearer(admin));
      if (defined.status !== 201 && defined.status !== 200) throw new Error(`list category ${category.code}: ${defined.status} ${defined.text}`);
    }
  }

  /**
   * Makes the service know a subject, as subject-registry's registration does (a listing names a
   * subject the service knows): publishes subject-registered for the code (a USCC or a citizen ID
   * number; only its key and masked form are sent) and waits until the service has taken it in.
   * Returns the subject key.
   */
  async registerSubject(code: string, name = '南宁市测试主体有限公司'): Promise<string> {
    const subject = resolveSubjectCode(code, process.env.SUBJECT_KEY_SECRET ?? devEnv().SUBJECT_KEY_SECRET);
    if (!subject.ok) throw new Error(`registerSubject: ${subject.message}`);
    this.eventsOrNull ??= await TestEventPublisher.connect({ clientId: `joint-punishment-${this.options.name}-e2e` });
    await this.eventsOrNull.publish(
      testEnvelope<SubjectRegisteredV1>({
        type: 'subject-registry.subject-registered',
        subjectKey: subject.subjectKey,
        stream: `subject-${subject.subjectKey}`,
        data: { kind: subject.kind, code: subject.subjectCode, maskedCode: subject.maskedCode, name, legacyCodes: [] },
      }),
    );
    await waitFor(async () => (await this.query(`SELECT 1 FROM known_subjects WHERE subject_key = $1`, [subject.subjectKey])).length === 1, {
      timeoutMs: 60_000,
      description: `joint-punishment knows subject ${subject.maskedCode}`,
    });
    return subject.subjectKey;
  }

  /**
   * Gives a subject a penalty in publicity, as 双公示 does (a direct listing rests only on records
   * the service has received): publishes penalty-published for the subject (a USCC or a citizen ID
   * number) and waits until the service has taken it in, which also makes the subject known. Returns the
   * penalty id, for `basis.recordIds`.
   */
  async publishPenalty(subject: string, decidedOn = '2025-02-10', severity: PenaltySeverity = 'GENERAL'): Promise<string> {
    const event = penaltyPublished(subject, decidedOn, severity);
    this.eventsOrNull ??= await TestEventPublisher.connect({ clientId: `joint-punishment-${this.options.name}-e2e` });
    await this.eventsOrNull.publish(event);
    await this.penaltyReceived(event.data.penaltyId);
    return event.data.penaltyId;
  }

  /** Waits until the service has received the penalty (its own record of 双公示 penalties). */
  async penaltyReceived(penaltyId: string): Promise<void> {
    await waitFor(async () => (await this.query(`SELECT 1 FROM nomination_penalties WHERE penalty_id = $1`, [penaltyId])).length === 1, {
      timeoutMs: 60_000,
      description: `joint-punishment received penalty ${penaltyId}`,
    });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.db.url, sql, params);
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.eventsOrNull?.disconnect();
    await this.probeOrNull?.stop();
    await this.db?.drop();
  }
}

/** A token for a department with the given roles. */
export const tokenFor = (sub: string, name: string, ...roles: string[]): Promise<string> => mintToken({ sub, name, roles });
/** A token of the credit office with one role. */
export const officeToken = (role: 'admin' | 'reviewer' | 'ops' | 'reader'): Promise<string> => tokenFor(CREDIT_OFFICE, 'credit-office', role);

export interface MeasureSpec {
  code: string;
  unitCodes: string[];
  scenarios: string[];
  name?: string;
  kind?: 'PUNISHMENT' | 'INCENTIVE';
  appliesTo?: 'BLACK' | 'RED';
  category?: string;
  legalBasis?: string;
}

/** Puts linkage units in the catalog (a measure names catalogued units); 201 new, 200 already there. */
export async function defineLinkageUnits(call: ApiCall, adminToken: string, codes: readonly string[]): Promise<void> {
  for (const code of new Set(codes)) {
    const defined = await call('POST', '/api/v1/linkage-units', { code, name: `联动单位 ${code}` }, bearer(adminToken));
    if (defined.status !== 201 && defined.status !== 200) throw new Error(`linkage unit ${code}: ${defined.status} ${defined.text}`);
  }
}

/** Defines a catalog measure through the API (its linkage units catalogued first) and expects 201. */
export async function defineMeasure(call: ApiCall, adminToken: string, spec: MeasureSpec): Promise<void> {
  await defineLinkageUnits(call, adminToken, spec.unitCodes);
  const defined = await call(
    'POST',
    '/api/v1/measures',
    { name: `措施 ${spec.code}`, kind: 'PUNISHMENT', appliesTo: 'BLACK', legalBasis: '《国务院关于建立完善守信联合激励和失信联合惩戒制度的指导意见》', ...spec },
    bearer(adminToken),
  );
  if (defined.status !== 201) throw new Error(`measure ${spec.code}: ${defined.status} ${defined.text}`);
}

/** A black-list entry body as the deciding unit posts it; fields overridable. */
export const blackListEntry = (subjectCode: string, recordIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  subjectCode,
  list: 'BLACK',
  category: 'MARKET',
  basis: { recordIds, document: '南市监信〔2025〕12号' },
  initiatingUnit: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
  decidedOn: '2025-03-04',
  ...overrides,
});

/** A repair-approved event as credit-repair publishes it: keyed by the subject, correlationId = application id. */
export function repairApproved(subjectKey: string, target: RepairApprovedV1['target']): EventEnvelope<RepairApprovedV1> {
  const applicationId = randomUUID();
  return testEnvelope<RepairApprovedV1>({
    type: 'credit-repair.repair-approved',
    subjectKey,
    stream: `repair-${applicationId}`,
    streamVersion: 2,
    correlationId: applicationId,
    actor: { departmentCode: CREDIT_OFFICE, user: 'reviewer' },
    data: { applicationId, target, decidedOn: '2025-09-10', reason: '已履行行政处罚决定并作出信用修复承诺', decidingUnitCode: CREDIT_OFFICE },
  });
}

/**
 * A penalty-published event as double-publicity publishes it for the subject (a USCC, or a citizen
 * ID number: then keyed by its subject key, with the masked number only).
 */
export function penaltyPublished(
  subject: string,
  decidedOn: string,
  severity: PenaltySeverity,
  violationType = '虚假宣传',
): EventEnvelope<PenaltyPublishedV1> {
  const resolved = resolveSubjectCode(subject, process.env.SUBJECT_KEY_SECRET ?? devEnv().SUBJECT_KEY_SECRET);
  if (!resolved.ok) throw new Error(`penaltyPublished: ${resolved.message}`);
  const penaltyId = randomUUID();
  const data: PenaltyPublishedV1 = {
    penaltyId,
    decisionNumber: `南市监罚〔2025〕${Math.floor(Math.random() * 1000)}号`,
    subject: { kind: resolved.kind, code: resolved.subjectCode, maskedCode: resolved.maskedCode, name: '南宁市示例科技有限公司' },
    violationType,
    violationFacts: '在网站发布虚假广告',
    basis: '《中华人民共和国广告法》第五十五条',
    categories: ['罚款'],
    content: '罚款五千元',
    fineAmount: '5000.00',
    decidedOn,
    severity,
    procedure: 'ORDINARY',
    authority: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
    sourceUnit: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
    timely: true,
    publicity: { status: 'PUBLISHED', regime: '2021', from: decidedOn, minimumUntil: '2099-01-01', maximumUntil: '2099-06-02' },
  };
  return testEnvelope({ type: 'double-publicity.penalty-published', subjectKey: resolved.subjectKey, stream: `penalty-${penaltyId}`, data });
}
