/**
 * Credit report benchmark: how long the credit website takes to produce a PDF credit report
 * (信用报告: number, content hash and verification code kept, CJK font embedded) of a subject with
 * a realistic record (registration, 20 penalties in publicity, a black-list entry, public
 * commitments), p50 and p99 over 100 reports, against the JSON report of the same subject in the
 * same run (the baseline: the same reads and the same kept report, without typesetting), requests
 * alternating. The goal: a PDF within a second at p99, as an interactive page of the website.
 *
 *   npm run build && npm run bench:report
 *
 * The compiled credit-portal runs in its own process on a fresh database and topics of the run's own
 * (KAFKA_TOPIC_PREFIX `bench-<pid>-<time>.`, deleted at the end): a running local platform is untouched.
 *
 * Settings: BENCH_REPORTS (100), KAFKA_BROKERS / DATABASE_URL as for the tests.
 */
import type { EventEnvelope, ListEntryCreatedV1, PenaltyPublishedV1, SubjectRegisteredV1, CommitmentSignedV1 } from '@credit/contracts';
import { createTestDatabase, freePort, freshUscc, ServiceProcess, testEnvelope, TestEventPublisher, uniqueName, waitFor, type TestDatabase } from '@credit/testing';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { benchTopicPrefix, deleteBenchTopics, verdict } from './bench-kafka';

const REPORTS = Math.max(10, Number(process.env.BENCH_REPORTS ?? 100));
const PENALTIES = 20;
const GOAL_P99_MS = 1000;
const UNIT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };

/** The subject's record as the website receives it. */
function subjectEvents(code: string): EventEnvelope[] {
  const event = <T>(type: string, stream: string, data: T) => testEnvelope({ type, subjectKey: code, stream, data });
  const events: EventEnvelope[] = [
    event<SubjectRegisteredV1>('subject-registry.subject-registered', `subject-${code}`, { kind: 'LEGAL_PERSON', code, maskedCode: code, name: '南宁市报告基准科技有限公司', legacyCodes: [] }),
  ];
  for (let i = 0; i < PENALTIES; i++) {
    const penaltyId = randomUUID();
    events.push(
      event<PenaltyPublishedV1>('double-publicity.penalty-published', `penalty-${penaltyId}`, {
        penaltyId,
        decisionNumber: `南市监罚〔2026〕基准${i + 1}号`,
        subject: { kind: 'LEGAL_PERSON', code, maskedCode: code, name: '南宁市报告基准科技有限公司' },
        violationType: '虚假宣传',
        violationFacts: '在网站发布虚假广告，误导消费者，情节较轻',
        basis: '《中华人民共和国广告法》第五十五条',
        categories: ['罚款'],
        content: '罚款人民币五千元',
        fineAmount: '5000.00',
        decidedOn: '2026-06-02',
        severity: i % 5 === 0 ? 'SERIOUS' : 'GENERAL',
        procedure: 'ORDINARY',
        authority: UNIT,
        sourceUnit: UNIT,
        timely: true,
        publicity: { status: 'PUBLISHED', regime: '2021', from: '2026-06-03', minimumUntil: '2026-09-02', maximumUntil: '2099-06-02' },
      }),
    );
  }
  const listEntryId = randomUUID();
  events.push(
    event<ListEntryCreatedV1>('joint-punishment.list-entry-created', `list-entry-${listEntryId}`, {
      listEntryId,
      subjectCode: code,
      maskedCode: code,
      list: 'BLACK',
      category: '市场监管严重违法失信名单',
      basis: { recordIds: [], document: '南市监信〔2026〕12号' },
      initiatingUnit: UNIT,
      decidedOn: '2026-07-01',
    }),
  );
  for (let i = 0; i < 3; i++) {
    const commitmentId = randomUUID();
    events.push(
      event<CommitmentSignedV1>('commitments.commitment-signed', `commitment-${commitmentId}`, {
        commitmentId,
        subject: { kind: 'LEGAL_PERSON', code, maskedCode: code },
        type: 'CERTIFICATION',
        matter: '营业执照办理证明事项',
        text: '本单位承诺所提交材料真实有效，如有虚假愿承担相应法律责任',
        signedOn: '2026-01-05',
        validUntil: '2099-01-05',
        public: true,
        acceptingUnit: UNIT,
      }),
    );
  }
  return events;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Milliseconds to the last byte of one report, checked to be what was asked for. */
async function timed(url: string, accept: string): Promise<{ ms: number; bytes: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers: { accept } });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 200 || !(response.headers.get('content-type') ?? '').startsWith(accept)) throw new Error(`report: ${response.status} ${response.headers.get('content-type')}`);
  return { ms, bytes: body.length };
}

async function main(): Promise<void> {
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  let publisher: TestEventPublisher | undefined;
  const topicPrefix = benchTopicPrefix();
  const started = Date.now();
  try {
    db = await createTestDatabase('bench_report');
    service = ServiceProcess.start({
      name: 'credit-portal',
      port: await freePort(),
      env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: uniqueName('credit-portal-bench'), KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn' },
    });
    await service.waitHealthy(90_000);
    publisher = await TestEventPublisher.connect({ clientId: 'bench-report', topicPrefix });
    const code = freshUscc('91450100');
    await publisher.publish(...subjectEvents(code));
    const url = `${service.url}/api/v1/public/subjects/${code}/report`;
    await waitFor(async () => {
      const res = await fetch(url);
      return res.status === 200 && ((await res.json()) as { penalties?: unknown[] }).penalties?.length === PENALTIES;
    }, { timeoutMs: 120_000, intervalMs: 250, description: 'the subject record on the website' });

    for (let i = 0; i < 5; i++) {
      await timed(url, 'application/pdf');
      await timed(url, 'application/json');
    }
    const pdf: number[] = [];
    const json: number[] = [];
    let pdfBytes = 0;
    for (let i = 0; i < REPORTS; i++) {
      const one = await timed(url, 'application/pdf');
      pdf.push(one.ms);
      pdfBytes += one.bytes;
      json.push((await timed(url, 'application/json')).ms);
    }
    const p99 = percentile(pdf, 99);
    process.stdout.write(
      [
        `credit report benchmark — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}`,
        `${REPORTS} PDF and ${REPORTS} JSON reports of one subject (${PENALTIES} penalties in publicity, a black-list entry, 3 public commitments), alternating; topic prefix ${topicPrefix}`,
        `PDF report   p50 ${percentile(pdf, 50).toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  (${(pdfBytes / REPORTS / 1024).toFixed(0)} KB each)`,
        `JSON report  p50 ${percentile(json, 50).toFixed(1)} ms  p99 ${percentile(json, 99).toFixed(1)} ms  (baseline)`,
        `ratio of medians (PDF / JSON) ${(percentile(pdf, 50) / percentile(json, 50)).toFixed(1)}`,
        `PDF p99 ${p99.toFixed(0)} ms   goal ≤ ${GOAL_P99_MS} ms   ${verdict(p99 <= GOAL_P99_MS)}`,
        `total ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ].join('\n') + '\n',
    );
  } finally {
    await publisher?.disconnect();
    await service?.stop();
    await db?.drop();
    await deleteBenchTopics(topicPrefix).catch((error: unknown) => process.stderr.write(`deleting the topics under ${topicPrefix}: ${String(error)}\n`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
