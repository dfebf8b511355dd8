/**
 * A bad day for the broker, the services and their databases. The whole platform runs as processes
 * (as `npm run local:up` runs it) on the fault suite's own broker and PostgreSQL cluster, which
 * deploy/local/faults.sh kills and restarts. Every case ends with a repair COMPLETED and checked at
 * once: each effect DONE exactly once, the website and the credit check cleared, exactly one national
 * delivery per target; then no dead letter anywhere and GET /health 200 on every service.
 * Run with `npm run test:faults` (after `npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { bearer, freshUscc, PLATFORM_SERVICES, RepairPlatform, waitFor, type PlatformService } from '@credit/testing';

const FAULTS_SCRIPT = process.env.FAULTS_SCRIPT;

/** Kills (SIGKILL) or starts the fault suite's broker, or restarts its PostgreSQL cluster. */
function fault(command: 'kafka-kill' | 'kafka-start' | 'kafka-freeze' | 'kafka-thaw' | 'pg-restart'): void {
  if (!FAULTS_SCRIPT) throw new Error('run the fault suite with `npm run test:faults` (deploy/local/faults.sh run)');
  execFileSync('bash', [FAULTS_SCRIPT, command], { stdio: 'inherit' });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A general penalty about `code`, a subject the registry has not registered. */
function penaltyOf(code: string, content: string) {
  const unit = { name: '南宁市市场监督管理局', code: '11450100007712342F' };
  return {
    decisionNumber: `南市监处罚〔2025〕${code.slice(10)}号`,
    subject: { name: `南宁市未登记${code.slice(12)}商行`, kind: 'LEGAL_PERSON', code },
    violationType: '虚假宣传',
    violationFacts: '发布虚假广告',
    basis: '《中华人民共和国广告法》第五十五条',
    categories: ['警告'],
    content,
    decidedOn: '2025-06-03',
    severity: 'GENERAL',
    authority: unit,
    sourceUnit: unit,
  };
}

describe('a bad day: broker, services and databases killed mid-flow', () => {
  let platform: RepairPlatform;

  beforeAll(async () => {
    platform = await RepairPlatform.start({ run: `faults-${Date.now()}` });
  }, 900_000);

  afterAll(async () => {
    await platform?.stop();
  });

  afterEach(async () => {
    // Every service back to 200 (consumer joined and making progress, relay publishing) ...
    const healthy = await platform.allHealthy(60_000);
    expect(Object.values(healthy)).toEqual(PLATFORM_SERVICES.map(() => 200));
    // ... and no event given up on anywhere.
    expect(Object.values(await platform.deadLetters()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  /** A subject ready for repair and its application, approved by `approve` (where the fault strikes). */
  async function repairCompletes(approve: (applicationId: string) => Promise<void>, timeoutMs = 90_000) {
    const subject = await platform.prepareSubject();
    const applicationId = await platform.applyForRepair(subject);
    await approve(applicationId);
    await platform.completed(applicationId, timeoutMs);
    // COMPLETED implies the page is clean, checked at once.
    expect(await platform.repairedEverywhere(subject, applicationId)).toEqual([]);
  }

  it('broker SIGKILLed before an approval: the approval is accepted (outbox), and the repair completes once the broker is back', async () => {
    await repairCompletes(async (applicationId) => {
      fault('kafka-kill');
      const started = Date.now();
      await platform.approve(applicationId);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Health tells the truth while the broker is away: every service answers 503.
      const down = await waitFor(
        async () => {
          const statuses = await platform.healthStatuses();
          return Object.values(statuses).every((status) => status === 503) ? statuses : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, description: 'GET /health 503 on every service while the broker is down' },
      );
      expect(Object.values(down)).toEqual(PLATFORM_SERVICES.map(() => 503));
      fault('kafka-start');
    });
  });

  it('broker SIGKILLed right after an approval', async () => {
    await repairCompletes(async (applicationId) => {
      await platform.approve(applicationId);
      fault('kafka-kill');
      await pause(2_000);
      fault('kafka-start');
    });
  });

  it.each(PLATFORM_SERVICES.map((name) => [name]))('%s SIGKILLed right after an approval, then started again', async (name: PlatformService) => {
    await repairCompletes(async (applicationId) => {
      await platform.approve(applicationId);
      await platform.services[name].kill('SIGKILL');
      await platform.startService(name, false);
    });
  });

  it('broker restarted three times in a row: every consumer is alive afterwards', async () => {
    for (let i = 0; i < 3; i++) {
      // Events in flight when the broker dies, so that consumers are mid-batch and committing; down
      // longer than the 10 s group session, so that the restarted coordinator no longer knows them.
      await platform.api['double-publicity']('POST', '/api/v1/penalties', penaltyOf(freshUscc(), '警告'), bearer(platform.tokens.submitter));
      fault('kafka-kill');
      await pause(12_000);
      fault('kafka-start');
      // Every service healthy again within 10 s of the broker being ready (its consumer rejoined, its relay publishing).
      const ready = Date.now();
      await platform.allHealthy(30_000);
      const seconds = (Date.now() - ready) / 1000;
      process.stderr.write(`[faults] broker restart ${i + 1}: every service healthy ${seconds.toFixed(1)} s after the broker was ready\n`);
      expect(seconds).toBeLessThan(10);
    }
    // A new penalty about a subject the registry does not know reaches the website (credit-portal's
    // consumer) and the registry's code-quality figures (subject-registry's consumer) ...
    const registry = await platform.api['subject-registry']('GET', '/api/v1/code-quality', undefined, bearer(platform.tokens.reader));
    const unregisteredBefore: number = registry.body.unregisteredSubjects;
    const code = freshUscc();
    const penalty = await platform.api['double-publicity']('POST', '/api/v1/penalties', penaltyOf(code, '警告'), bearer(platform.tokens.submitter));
    expect(penalty.status).toBe(201);
    await waitFor(async () => (await platform.websiteShows(code, penalty.body.id)) || undefined, { timeoutMs: 30_000, description: 'the new penalty on the website' });
    await waitFor(
      async () => {
        const after = await platform.api['subject-registry']('GET', '/api/v1/code-quality', undefined, bearer(platform.tokens.reader));
        return after.body.unregisteredSubjects > unregisteredBefore || undefined;
      },
      { timeoutMs: 30_000, description: 'the unregistered subject counted in code quality' },
    );
    // ... and a repair still takes effect everywhere (every other consumer).
    await repairCompletes((applicationId) => platform.approve(applicationId), 60_000);
  });

  it('broker frozen (SIGSTOP) for longer than a group session while events flow, then resumed', async () => {
    await repairCompletes(async (applicationId) => {
      await platform.approve(applicationId);
      await platform.api['double-publicity']('POST', '/api/v1/penalties', penaltyOf(freshUscc(), '警告'), bearer(platform.tokens.submitter));
      fault('kafka-freeze');
      await pause(15_000);
      fault('kafka-thaw');
    });
  });

  it('the services\' PostgreSQL restarted mid-flow', async () => {
    await repairCompletes(async (applicationId) => {
      await platform.approve(applicationId);
      fault('pg-restart');
    });
  });

  it('the national platform down for a while, then back: each target still receives the result exactly once', async () => {
    await repairCompletes(async (applicationId) => {
      platform.sandbox.failNext(1_000_000, 503);
      await platform.approve(applicationId);
      await pause(5_000);
      expect((await platform.application(applicationId)).status).toBe('APPROVED');
      platform.sandbox.failNext(0);
    });
  });
});
