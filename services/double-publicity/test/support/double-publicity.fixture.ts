/**
 * One set-up for every end-to-end suite of double-publicity: a fresh database, the compiled service
 * in its own process (build first: `npx tsc -b services/double-publicity`) under its own consumer
 * group, a Kafka probe, the callers' tokens and the record builders of the national field layout.
 */
import { TOPICS } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import {
  type ApiCall,
  apiCaller,
  createTestDatabase,
  freePort,
  freshConsumerGroup,
  freshUscc,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  type TestDatabase,
} from '@credit/testing';
import { randomInt } from 'node:crypto';

export { bearer as as } from '@credit/testing';

export const DEPARTMENT = '11450100007712342F';
export const OTHER_DEPARTMENT = '11450100MB1234562X';

const MARKET_REGULATION = { name: '南宁市市场监督管理局', code: DEPARTMENT };

/** A valid general penalty of today by {@link DEPARTMENT}, fined 5000 yuan; `over` replaces top-level fields. */
export const penalty = (over: Record<string, unknown> = {}) => ({
  decisionNumber: `南市监处罚〔2026〕${randomInt(1_000_000_000)}号`,
  subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: freshUscc() } as Record<string, unknown> & { code: string },
  violationType: '虚假宣传',
  violationFacts: '在官网发布虚假宣传内容',
  basis: '《反不正当竞争法》第二十条',
  categories: ['罚款'],
  content: '罚款五千元',
  fineAmount: '5000.00',
  decidedOn: todayInShanghai(),
  severity: 'GENERAL',
  authority: MARKET_REGULATION,
  sourceUnit: MARKET_REGULATION,
  ...over,
});

/** A valid ordinary licence of today by {@link DEPARTMENT}, without a licence number; `over` replaces top-level fields. */
export const license = (over: Record<string, unknown> = {}) => ({
  decisionNumber: `南市监许〔2026〕${randomInt(1_000_000_000)}号`,
  subject: { name: '南宁市示例餐饮有限公司', kind: 'LEGAL_PERSON', code: freshUscc() } as Record<string, unknown> & { code: string },
  licenseName: '食品经营许可证',
  licenseType: '普通',
  content: '预包装食品销售',
  decidedOn: todayInShanghai(),
  validFrom: todayInShanghai(),
  authority: MARKET_REGULATION,
  sourceUnit: MARKET_REGULATION,
  ...over,
});

export interface Tokens {
  /** {@link DEPARTMENT}'s system. */
  submitter: string;
  otherSubmitter: string;
  reader: string;
  reviewer: string;
  /** An admin of another department than {@link DEPARTMENT}. */
  admin: string;
}

export interface DoublePublicityHarness {
  db: TestDatabase;
  service: ServiceProcess;
  probe: KafkaProbe;
  tokens: Tokens;
  groupId: string;
  call: ApiCall;
  query: (sql: string, params?: unknown[]) => Promise<any[]>;
  /** Starts the service again on the same database and consumer group (after a stop), with extra settings. */
  restart(env?: Record<string, string>): Promise<void>;
}

export interface HarnessOptions {
  probeTopic?: string;
  env?: Record<string, string>;
}

/** Registers the suite's beforeAll/afterAll; the returned object is filled in before the first test runs. */
export function useDoublePublicity(suite: string, options: HarnessOptions = {}): DoublePublicityHarness {
  const h = {
    call: apiCaller(() => h.service.url),
    query: (sql: string, params: unknown[] = []) => queryDatabase(h.db.url, sql, params),
    async restart(env: Record<string, string> = {}) {
      h.service = await startService(h.db, h.groupId, { ...options.env, ...env });
    },
  } as DoublePublicityHarness;

  beforeAll(async () => {
    h.groupId = await freshConsumerGroup(`double-publicity-${suite}-e2e`);
    h.db = await createTestDatabase(`double_publicity_${suite.replace(/-/g, '_')}_e2e`);
    h.probe = await KafkaProbe.start({ topic: options.probeTopic ?? TOPICS.subjectEvents, fromBeginning: false });
    h.service = await startService(h.db, h.groupId, options.env ?? {});
    h.tokens = {
      submitter: await mintToken({ sub: DEPARTMENT, name: 'market-regulation', roles: ['submitter'] }),
      otherSubmitter: await mintToken({ sub: OTHER_DEPARTMENT, name: 'tax', roles: ['submitter'] }),
      reader: await mintToken({ sub: DEPARTMENT, name: 'credit-office', roles: ['reader'] }),
      reviewer: await mintToken({ sub: DEPARTMENT, name: 'credit-office', roles: ['reviewer'] }),
      admin: await mintToken({ sub: OTHER_DEPARTMENT, name: 'credit-office', roles: ['admin'] }),
    };
  }, 180_000);

  afterAll(async () => {
    await h.service?.stop();
    await h.probe?.stop();
    await h.db?.drop();
  });

  return h;
}

async function startService(db: TestDatabase, groupId: string, env: Record<string, string>): Promise<ServiceProcess> {
  const service = ServiceProcess.start({
    name: 'double-publicity',
    port: await freePort(),
    env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: groupId, ...env },
  });
  await service.waitHealthy(90_000);
  return service;
}
