/**
 * A pilot code (an early USCC whose check character the GB 32100 algorithm rejects, legal because
 * USCC_ALLOW_LIST names it) is one subject everywhere: registered and penalised at intake, listed,
 * committed, repaired in credit-repair and clean in joint-punishment's credit check, with no service
 * refusing it. Before the allow-list was read once by the platform for every service, only
 * subject-registry and double-publicity knew it: the other services (joint-punishment listing the
 * subject, commitments, credit-repair) refused the code with 400.
 * Every service runs as its own compiled process on a real broker and databases. Build first
 * (`npm run build`).
 */
import { validateUscc } from '@credit/domain-kernel';
import { bearer, freshUscc, RepairPlatform, withWrongCheck } from '@credit/testing';

describe('a pilot code on USCC_ALLOW_LIST, from intake to repair to credit check', () => {
  /** A fresh code with a wrong final check character: nothing but the allow-list makes it valid. */
  const pilot = withWrongCheck(freshUscc());
  let platform: RepairPlatform;

  beforeAll(async () => {
    // As an operator might write it: lower case, padded, beside another entry.
    platform = await RepairPlatform.start({ env: { USCC_ALLOW_LIST: ` ${pilot.toLowerCase()}, ${withWrongCheck(freshUscc())} ` } });
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('is a code the national check rejects for its check character alone', () => {
    expect(validateUscc(pilot).errors.map((e) => e.reason)).toEqual(['check-character']);
  });

  it('goes through intake, repair and the credit check without a refusal', async () => {
    // Intake: registration (subject-registry), the penalty (double-publicity), the list entry
    // (joint-punishment), the repair commitment (commitments), the grade (grading-supervision).
    const subject = await platform.prepareSubject({ code: pilot });
    expect(subject.code).toBe(pilot);

    const before = await platform.api['joint-punishment']('GET', `/api/v1/credit-check/${pilot}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(platform.tokens.reader));
    expect(before.status).toBe(200);
    expect(before.body.measures.map((m: { measureCode: string }) => m.measureCode)).toContain(subject.measureCode);

    // Repair: the application is accepted (credit-repair refused the code with 400 when it knew no pilot codes) and approved.
    const applicationId = await platform.applyForRepair(subject);
    await platform.approve(applicationId);
    const application = await platform.completed(applicationId, 60_000);
    for (const effect of application.effects) expect(effect).toMatchObject({ status: 'DONE' });

    // Credit check: the pilot code is looked up (not refused) and no measure applies any more.
    const after = await platform.api['joint-punishment']('GET', `/api/v1/credit-check/${pilot.toLowerCase()}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(platform.tokens.reader));
    expect(after.status).toBe(200);
    expect(after.body.measures).toEqual([]);
    expect(await platform.repairedEverywhere(subject, applicationId)).toEqual([]);
  });
});
