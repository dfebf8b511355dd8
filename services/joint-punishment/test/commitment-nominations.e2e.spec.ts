/**
 * Nomination proposals for false commitments (虚假承诺, domain.md §5 and §6): a commitment found
 * false, as commitments publishes it, turns into a proposal for a reviewer by the rule in
 * catalog/nomination-rules.json; a kept or breached one does not, and nobody is listed. The compiled
 * service in its own process, on a real PostgreSQL and Kafka, in a fresh database and consumer
 * group. Build first.
 */
import type { CommitmentConsequence, CommitmentFulfilmentRecordedV1, CommitmentSignedV1, CommitmentSignedV2, FulfilmentOutcome } from '@credit/contracts';
import { bearer, freshUscc, testEnvelope, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { CREDIT_OFFICE, JointPunishmentFixture, officeToken } from './support/joint-punishment.fixture';

describe('nomination proposals for false commitments', () => {
  let fixture: JointPunishmentFixture;
  let reviewer: string;
  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);

  const signed = (subject: string) => {
    const commitmentId = randomUUID();
    return testEnvelope<CommitmentSignedV1>({
      type: 'commitments.commitment-signed',
      subjectKey: subject,
      stream: `commitment-${commitmentId}`,
      data: {
        commitmentId,
        subject: { kind: 'LEGAL_PERSON', code: subject, maskedCode: subject },
        type: 'CERTIFICATION',
        matter: '食品经营许可',
        text: '本单位承诺所提交材料真实有效',
        signedOn: '2025-03-01',
        public: true,
        acceptingUnit: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
      },
    });
  };
  /** v2: signed under a listed matter whose list entry names the consequence of a breach. */
  const signedUnderMatter = (subject: string, consequenceOnBreach: CommitmentConsequence) => {
    const v1 = signed(subject);
    return testEnvelope<CommitmentSignedV2>({
      ...v1,
      version: 2,
      data: { ...v1.data, matterRef: { departmentCode: CREDIT_OFFICE, code: 'SPJY-001', version: 1 }, consequenceOnBreach },
    });
  };
  const found = (subject: string, commitmentId: string, outcome: FulfilmentOutcome) =>
    testEnvelope<CommitmentFulfilmentRecordedV1>({
      type: 'commitments.commitment-fulfilment-recorded',
      subjectKey: subject,
      stream: `commitment-${commitmentId}`,
      streamVersion: 2,
      data: { commitmentId, outcome, note: '核查发现承诺内容不实', decidedOn: '2025-06-01' },
    });

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'commitment-nominations', publisher: true });
    reviewer = await officeToken('reviewer');
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('proposes a false commitment to the reviewer, not a kept or breached one; lists nobody', async () => {
    const [liar, breaker, keeper] = [freshUscc(), freshUscc(), freshUscc()];
    const commitments = [signed(liar), signed(breaker), signed(keeper)];
    const findings = [
      found(liar, commitments[0].data.commitmentId, 'FALSE'),
      found(breaker, commitments[1].data.commitmentId, 'BREACHED'),
      found(keeper, commitments[2].data.commitmentId, 'FULFILLED'),
    ];
    await fixture.events.publish(...commitments, ...findings);
    // Every finding consumed: the inbox holds their ids.
    await waitFor(async () => {
      const [{ n }] = await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [findings.map((f) => f.id)]);
      return n === findings.length;
    }, { timeoutMs: 60_000, description: 'findings consumed' });

    const response = await call('GET', '/api/v1/nomination-proposals?page=1&pageSize=500', undefined, bearer(reviewer));
    expect(response.status).toBe(200);
    const mine = (response.body.items as { subjectCode: string }[]).filter((p) => [liar, breaker, keeper].includes(p.subjectCode));
    expect(mine).toEqual([
      expect.objectContaining({
        rule: 'FALSE_COMMITMENT',
        subjectCode: liar,
        list: 'BLACK',
        status: 'OPEN',
        penaltyIds: [],
        commitmentIds: [commitments[0].data.commitmentId],
      }),
    ]);
    expect(await fixture.query(`SELECT 1 FROM events WHERE type LIKE 'joint-punishment.list-entry%'`)).toEqual([]);
  }, 120_000);

  it('follows the matter of a v2 commitment: a breach under LIST_NOMINATION is proposed, a false one under GRADE_FACTOR or NONE not', async () => {
    const [listed, graded, none] = [freshUscc(), freshUscc(), freshUscc()];
    const commitments = [signedUnderMatter(listed, 'LIST_NOMINATION'), signedUnderMatter(graded, 'GRADE_FACTOR'), signedUnderMatter(none, 'NONE')];
    const findings = [
      found(listed, commitments[0].data.commitmentId, 'BREACHED'),
      found(graded, commitments[1].data.commitmentId, 'FALSE'),
      found(none, commitments[2].data.commitmentId, 'FALSE'),
    ];
    await fixture.events.publish(...commitments, ...findings);
    await waitFor(async () => {
      const [{ n }] = await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [findings.map((f) => f.id)]);
      return n === findings.length;
    }, { timeoutMs: 60_000, description: 'findings consumed' });

    const response = await call('GET', '/api/v1/nomination-proposals?page=1&pageSize=500', undefined, bearer(reviewer));
    expect(response.status).toBe(200);
    const mine = (response.body.items as { subjectCode: string }[]).filter((p) => [listed, graded, none].includes(p.subjectCode));
    expect(mine).toEqual([
      expect.objectContaining({ rule: 'MATTER_LIST_NOMINATION', subjectCode: listed, list: 'BLACK', status: 'OPEN', commitmentIds: [commitments[0].data.commitmentId] }),
    ]);
  }, 120_000);
});
