/**
 * The product's defining promise, end to end: a repair decided in credit-repair withdraws the
 * penalty from publicity, exits the list entry based on it and lifts every linkage unit's measure,
 * recomputes the grade, reports the result to both national systems, and the website stops showing
 * it — each effect acknowledged on the application. Every service runs as its own compiled process
 * (as `npm run local:up` runs them) on a real Kafka broker and real PostgreSQL databases; the
 * national platforms are the sandbox. Build first (`npm run build`).
 */
import { TOPICS } from '@credit/contracts';
import { bearer, KafkaProbe, RepairPlatform, type RepairSubject } from '@credit/testing';

describe('a repair decided in one place takes effect everywhere', () => {
  let platform: RepairPlatform;
  let probe: KafkaProbe;

  beforeAll(async () => {
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    platform = await RepairPlatform.start();
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
    await probe?.stop();
  });

  async function prepared(): Promise<RepairSubject> {
    const subject = await platform.prepareSubject();
    const check = await platform.api['joint-punishment']('GET', `/api/v1/credit-check/${subject.code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(platform.tokens.reader));
    expect(check.body.measures.map((m: { measureCode: string }) => m.measureCode)).toContain(subject.measureCode);
    return subject;
  }

  async function expectCompleted(applicationId: string) {
    const application = await platform.completed(applicationId, 30_000);
    expect(application.effects.length).toBeGreaterThanOrEqual(6);
    // The website is an effect of the repair: COMPLETED means the public page is clean (checked at once after).
    expect(application.effects).toContainEqual(expect.objectContaining({ service: 'credit-portal', effect: 'website-cleared', status: 'DONE' }));
    for (const effect of application.effects) {
      expect(effect).toMatchObject({ status: 'DONE', at: expect.any(String) });
    }
    return application;
  }

  async function expectRepairedEverywhere(subject: RepairSubject, applicationId: string) {
    expect(await platform.repairedEverywhere(subject, applicationId)).toEqual([]);

    const grade = await platform.api['grading-supervision']('GET', `/api/v1/grades/${subject.code}`, undefined, bearer(platform.tokens.reader));
    expect(grade.body.score).toBeGreaterThan(subject.gradeBefore.score);
    expect(grade.body.factors.filter((f: { effect: number }) => f.effect < 0)).toEqual([]);

    // On the topic, each linkage unit's measure lifted once, all under the repair's correlationId.
    const lifts = probe.envelopes.filter((e) => {
      const data = e.data as { listEntryId: string; measureCode: string };
      return e.type === 'joint-punishment.measure-lifted' && data.listEntryId === subject.listEntryId && data.measureCode === subject.measureCode;
    });
    expect(lifts.map((e) => (e.data as { unitCode: string }).unitCode).sort()).toEqual([...platform.linkageUnits].sort());
    expect(new Set(lifts.map((e) => e.correlationId))).toEqual(new Set([applicationId]));
  }

  it('completes a repair: publicity withdrawn, entry exited, measures lifted, grade recomputed, both national systems told', async () => {
    const subject = await prepared();
    const applicationId = await platform.applyForRepair(subject);
    await platform.approve(applicationId);
    await expectCompleted(applicationId);
    await expectRepairedEverywhere(subject, applicationId);
  });

  it('completes when joint-punishment is killed before the approval and restarted after it, lifting each measure once', async () => {
    const subject = await prepared();
    const applicationId = await platform.applyForRepair(subject);
    await platform.services['joint-punishment'].kill('SIGKILL');
    await platform.approve(applicationId);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await platform.startService('joint-punishment');
    await expectCompleted(applicationId);
    await expectRepairedEverywhere(subject, applicationId);
  });

  it('completes when the national platform fails its first 3 calls, each target receiving the result once', async () => {
    const subject = await prepared();
    const applicationId = await platform.applyForRepair(subject);
    // Only the repair results fail: grades and other feeds of the prepared subjects may still be on their way.
    platform.sandbox.failNext(3, 503, { path: '/repair-results' });
    await platform.approve(applicationId);
    await expectCompleted(applicationId);
    await expectRepairedEverywhere(subject, applicationId);
    expect(platform.sandbox.received({ path: '/repair-results' }).filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(1);
  });
});
