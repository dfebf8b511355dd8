/**
 * The upstream flows added beside the publicity, list-entry and repair feeds (list-entry exits,
 * penalty publicity withdrawals, commitments, grading results), end to end: each source event
 * published on credit.subject-events reaches the sandbox national platform exactly once, also
 * through failing calls and when the event is published again. The compiled service runs in its
 * own process on a throwaway database. Build first (`npx tsc -b services/national-connector`).
 */
import {
  newEventId,
  type CommitmentFulfilmentRecordedV1,
  type CommitmentSignedV2,
  type EventEnvelope,
  type GradeRecomputedV1,
  type InspectionResultRecordedV1,
  type ListEntryExitedV2,
  type PenaltyPublicityWithdrawnV1,
} from '@credit/contracts';
import { maskIdNumber, subjectKeyFor, SubjectKind } from '@credit/domain-kernel';
import { freshCitizenId, freshUscc, type ReceivedRequest, type RunningSandbox, testEnvelope, TestEventPublisher, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { CREDIT_OFFICE, startConnector, type ConnectorUnderTest } from './connector-harness';

const FAILURES = 2;

/** One source event of a flow, and where it must arrive. */
interface FlowCase {
  name: string;
  endpoint: string;
  event: () => EventEnvelope;
}

const envelope = <T>(type: string, subjectKey: string, stream: string, data: T, version = 1) =>
  testEnvelope<T>({ type, version, subjectKey, stream, data, actor: { departmentCode: CREDIT_OFFICE, user: 'e2e' } });

/** A natural person as events name one: the HMAC subject key and the masked number, never the clear one. */
const person = () => {
  const idNumber = freshCitizenId();
  return { idNumber, subjectKey: subjectKeyFor(SubjectKind.NATURAL_PERSON, idNumber, 'upstream-flows-e2e-subject-key-secret'), maskedCode: maskIdNumber(idNumber) };
};

const FLOWS: FlowCase[] = [
  {
    name: 'list-entry exit by decision (v1)',
    endpoint: '/list-entries/exits',
    event: () => {
      const listEntryId = randomUUID();
      return envelope<ListEntryExitedV2>('joint-punishment.list-entry-exited', freshUscc(), `list-entry-${listEntryId}`, { listEntryId, trigger: 'DECISION', reason: '认定单位决定移出', exitedOn: '2026-11-02' });
    },
  },
  {
    name: 'list-entry exit on expiry (v2)',
    endpoint: '/list-entries/exits',
    event: () => {
      const listEntryId = randomUUID();
      return envelope<ListEntryExitedV2>('joint-punishment.list-entry-exited', freshUscc(), `list-entry-${listEntryId}`, { listEntryId, trigger: 'EXPIRY', reason: '有效期届满', exitedOn: '2026-11-02' }, 2);
    },
  },
  {
    name: 'penalty revoked',
    endpoint: '/publicity/penalties/withdrawals',
    event: () => {
      const penaltyId = randomUUID();
      return envelope<PenaltyPublicityWithdrawnV1>('double-publicity.penalty-publicity-withdrawn', freshUscc(), `penalty-${penaltyId}`, {
        penaltyId,
        reason: 'REVOCATION',
        document: '南府复决〔2026〕3号',
        withdrawnOn: '2026-11-03',
      });
    },
  },
  {
    name: 'penalty publicity at its maximum',
    endpoint: '/publicity/penalties/withdrawals',
    event: () => {
      const penaltyId = randomUUID();
      return envelope<PenaltyPublicityWithdrawnV1>('double-publicity.penalty-publicity-withdrawn', freshUscc(), `penalty-${penaltyId}`, { penaltyId, reason: 'EXPIRY', withdrawnOn: '2026-11-03' });
    },
  },
  {
    name: 'public commitment of a natural person',
    endpoint: '/commitments',
    event: () => {
      const { subjectKey, maskedCode } = person();
      const commitmentId = randomUUID();
      return envelope<CommitmentSignedV2>(
        'commitments.commitment-signed',
        subjectKey,
        `commitment-${commitmentId}`,
        {
          commitmentId,
          subject: { kind: 'NATURAL_PERSON', code: null, maskedCode },
          type: 'CREDIT_REPAIR',
          matter: '信用修复承诺',
          text: '本人承诺依法诚信经营，不再发生同类失信行为。',
          signedOn: '2026-11-01',
          public: true,
          acceptingUnit: { name: '南宁市发展和改革委员会', code: CREDIT_OFFICE },
        },
        2,
      );
    },
  },
  {
    name: 'breached commitment',
    endpoint: '/commitments/outcomes',
    event: () => {
      const commitmentId = randomUUID();
      return envelope<CommitmentFulfilmentRecordedV1>('commitments.commitment-fulfilment-recorded', freshUscc(), `commitment-${commitmentId}`, {
        commitmentId,
        outcome: 'BREACHED',
        note: '核查发现承诺内容与实际不符',
        decidedOn: '2026-11-04',
      });
    },
  },
  {
    name: 'grade recomputed',
    endpoint: '/grading/results',
    event: () => {
      const subjectKey = freshUscc();
      return envelope<GradeRecomputedV1>('grading-supervision.grade-recomputed', subjectKey, `grade-${subjectKey}`, {
        score: 70,
        grade: 'C',
        previousGrade: 'B',
        factors: [{ source: 'double-publicity.penalty-published', recordId: randomUUID(), effect: -30 }],
        triggerEventId: randomUUID(),
        triggerType: 'double-publicity.penalty-published',
        ruleVersion: 2,
      });
    },
  },
  {
    name: 'inspection result of a natural person',
    endpoint: '/grading/inspection-results',
    event: () => {
      const { subjectKey, maskedCode } = person();
      const planId = randomUUID();
      return envelope<InspectionResultRecordedV1>('grading-supervision.inspection-result-recorded', subjectKey, `inspection-plan-${planId}`, {
        planId,
        resultId: randomUUID(),
        subjectKey,
        subjectCode: maskedCode,
        outcome: 'NO_PROBLEM',
        note: '未发现问题',
        departmentCode: CREDIT_OFFICE,
        reportedOn: '2026-11-06',
      });
    },
  },
];

describe('upstream flows delivered to the sandbox national platform', () => {
  let connector: ConnectorUnderTest;
  let sandbox: RunningSandbox;
  let publisher: TestEventPublisher;

  /** Every call the sandbox received for one event on one feed (the event id is the Idempotency-Key). */
  const callsFor = (event: EventEnvelope, endpoint: string): ReceivedRequest[] => sandbox.received({ path: endpoint }).filter((r) => r.idempotencyKey === event.id);
  const acceptedFor = (event: EventEnvelope, endpoint: string) => callsFor(event, endpoint).filter((r) => r.status === 200);
  const deliveredOnce = (event: EventEnvelope, endpoint: string) =>
    waitFor(() => acceptedFor(event, endpoint).length > 0, { timeoutMs: 60_000, description: `${event.type} ${event.id} delivered to ${endpoint}` });
  /** Long enough for a second (wrong) delivery to happen at the test's poll interval and backoff. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
  beforeAll(async () => {
    connector = await startConnector('national_connector_upstream_flows_e2e');
    ({ sandbox, publisher } = connector);
  }, 180_000);

  afterAll(async () => {
    await connector?.stop();
  });

  it('delivers the source event of every new flow once, to 信用中国, with no clear ID number', async () => {
    const published = FLOWS.map((flow) => ({ flow, event: flow.event() }));
    await publisher.publish(...published.map((p) => p.event));
    for (const { flow, event } of published) await deliveredOnce(event, flow.endpoint);
    await settle();
    for (const { flow, event } of published) {
      const calls = callsFor(event, flow.endpoint);
      expect(calls.map((c) => [c.target, c.status, c.duplicate])).toEqual([['credit-china', 200, false]]);
      expect(sandbox.received().filter((r) => r.idempotencyKey === event.id)).toHaveLength(1);
      expect(JSON.stringify(calls[0].body)).not.toMatch(/\d{17}[\dX]/);
    }
    const [commitment, inspection] = ['/commitments', '/grading/inspection-results'].map((endpoint) => published.find((p) => p.flow.endpoint === endpoint)!.event);
    expect(acceptedFor(commitment, '/commitments')[0].body).toMatchObject({ subject: { code: null, maskedCode: expect.stringContaining('*'), subjectKey: commitment.subjectKey } });
    expect(acceptedFor(inspection, '/grading/inspection-results')[0].body).toMatchObject({ subject: { code: null, subjectKey: inspection.subjectKey } });
    const grade = published.find((p) => p.flow.endpoint === '/grading/results')!.event;
    expect(acceptedFor(grade, '/grading/results')[0].body).toMatchObject({ grade: 'C', score: 70, ruleVersion: 2, factors: { count: 1, totalEffect: -30 } });
  });

  it.each(FLOWS.map((flow) => [flow.name, flow] as const))(
    '%s: delivered exactly once through failing calls and a redelivered source event',
    async (_name, flow) => {
      // The broker is shared: other suites' events may reach this connector and meet the sandbox's
      // failures first. So the sandbox fails every call until this event has been refused
      // FAILURES times, then accepts again.
      sandbox.failNext(1_000, 503);
      const event = flow.event();
      // The same event twice, as a relay that resent it would: the ledger keeps one delivery.
      await publisher.publish(event);
      await publisher.publish(event);
      await waitFor(() => callsFor(event, flow.endpoint).length >= FAILURES, { timeoutMs: 60_000, description: `${FAILURES} refused calls of ${event.id}` });
      sandbox.failNext(0);
      await deliveredOnce(event, flow.endpoint);
      await settle();
      const calls = callsFor(event, flow.endpoint);
      expect(calls.length).toBeGreaterThan(FAILURES);
      // Refused calls, then one accepted call, and nothing after it.
      expect(calls.slice(0, -1).every((c) => c.status === 503)).toBe(true);
      expect(calls.at(-1)).toMatchObject({ status: 200, duplicate: false, target: 'credit-china' });
      expect(sandbox.received().filter((r) => r.idempotencyKey === event.id)).toEqual(calls);
    },
  );

  it('keeps kept commitments and commitments that are not public local', async () => {
    const commitmentId = randomUUID();
    const subjectKey = freshUscc();
    const notPublic = envelope<CommitmentSignedV2>('commitments.commitment-signed', subjectKey, `commitment-${commitmentId}`, {
      commitmentId,
      subject: { kind: 'LEGAL_PERSON', code: subjectKey, maskedCode: subjectKey },
      type: 'CERTIFICATION',
      matter: '证明事项告知承诺',
      text: '本单位承诺所提交材料真实有效。',
      signedOn: '2026-11-01',
      public: false,
      acceptingUnit: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
    });
    const kept = envelope<CommitmentFulfilmentRecordedV1>('commitments.commitment-fulfilment-recorded', subjectKey, `commitment-${commitmentId}`, {
      commitmentId,
      outcome: 'FULFILLED',
      note: '核查属实',
      decidedOn: '2026-11-04',
    });
    // A breach after them, on the same subject (one partition): once it is delivered, the two before it were handled.
    const breach = { ...kept, id: newEventId(), data: { ...kept.data, outcome: 'BREACHED' as const, note: '承诺内容与实际不符' } };
    await publisher.publish(notPublic, kept, breach);
    await deliveredOnce(breach, '/commitments/outcomes');
    await settle();
    expect(sandbox.received().filter((r) => r.idempotencyKey === notPublic.id || r.idempotencyKey === kept.id)).toEqual([]);
  });
});
