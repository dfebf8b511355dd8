/**
 * The national connector as it runs, for the suites that need it: the compiled service in its own
 * process on a throwaway database, consuming in a fresh consumer group, delivering to a sandbox
 * national platform started in-process. Build first (`npx tsc -b services/national-connector`).
 */
import { TOPICS, type EventEnvelope, type RepairApprovedV1 } from '@credit/contracts';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freshUscc,
  KafkaProbe,
  mintToken,
  type ApiCall,
  type RunningSandbox,
  ServiceProcess,
  startSandbox,
  type TestDatabase,
  testEnvelope,
  TestEventPublisher,
  waitFor,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

export const CREDIT_OFFICE = '11450100007712342F';

export interface ConnectorUnderTest {
  service: ServiceProcess;
  sandbox: RunningSandbox;
  probe: KafkaProbe;
  publisher: TestEventPublisher;
  call: ApiCall;
  /** A token of the `ops` role. */
  ops: string;
  /** Until no PENDING delivery is left (the backlog a fresh consumer group reads included). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConnector(databaseName: string, env: Record<string, string> = {}): Promise<ConnectorUnderTest> {
  const sandbox = await startSandbox({ port: 0 });
  const db: TestDatabase = await createTestDatabase(databaseName);
  const probe = await KafkaProbe.start({ topic: [TOPICS.subjectEvents], fromBeginning: false });
  const publisher = await TestEventPublisher.connect({ clientId: `${databaseName}-publisher` });
  const service = await ServiceProcess.underTest('national-connector', db, {
    NATIONAL_PLATFORM_URL: sandbox.url,
    DELIVERY_BACKOFF_INITIAL_MS: '100',
    DELIVERY_BACKOFF_MAX_MS: '400',
    DELIVERY_POLL_INTERVAL_MS: '100',
    RECONCILIATION_DAILY_AT: 'off',
    ...env,
  });
  const ops = await mintToken({ sub: CREDIT_OFFICE, name: 'ops', roles: ['ops'] });
  const call = apiCaller(() => service.url);
  return {
    service,
    sandbox,
    probe,
    publisher,
    call,
    ops,
    drained: async () => {
      await waitFor(async () => (await call('GET', '/api/v1/deliveries?status=PENDING&pageSize=1', undefined, bearer(ops))).body?.total === 0, {
        timeoutMs: 90_000,
        description: 'no PENDING delivery left',
      });
    },
    stop: async () => {
      await service.stop();
      await publisher.disconnect();
      await probe.stop();
      await db.drop();
      await sandbox.close();
    },
  };
}

/** An approved repair of `subjectKey` (a fresh subject by default): delivered to credit-china and enterprise-publicity. */
export function repairApproved(subjectKey = freshUscc()): EventEnvelope<RepairApprovedV1> {
  const applicationId = randomUUID();
  return testEnvelope<RepairApprovedV1>({
    type: 'credit-repair.repair-approved',
    subjectKey,
    stream: `repair-${applicationId}`,
    streamVersion: 2,
    correlationId: applicationId,
    actor: { departmentCode: CREDIT_OFFICE, user: 'reviewer' },
    data: { applicationId, target: { type: 'PENALTY', id: randomUUID() }, decidedOn: '2025-09-10', reason: '已履行行政处罚决定并作出信用修复承诺', decidingUnitCode: CREDIT_OFFICE },
  });
}

/** The sandbox's accepted (first, non-duplicate) receipts of one event for one target. */
export const accepted = (sandbox: RunningSandbox, eventId: string, target: string) =>
  sandbox.received({ target }).filter((r) => r.idempotencyKey === eventId && r.status === 200 && !r.duplicate);
