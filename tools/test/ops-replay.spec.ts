/**
 * The pure pieces of `ops replay` (no service needed): the command that resumes a cancelled replay,
 * the summary, the exit codes, arguments refused before anything is asked, and the audit event's
 * contract.
 */
import { eventRegistry, type EventsReplayedV1 } from '@credit/contracts';
import { emptyOutcomes, ReplayTally } from '@credit/messaging';
import { testEnvelope } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { runOpsCli } from '../src/ops/cli';
import { commandLine, formatReplay, replayExitCode, resumeArgv, runReplay, type ReplayState } from '../src/ops/replay';
import type { Topology } from '../src/ops/topology';

const TOPIC = 'credit.subject-events';

const state = (over: Partial<ReplayState> = {}): ReplayState => ({
  replayId: '0b8c7a52-4b8e-4c57-8d1b-6c3fa0e4f0a1',
  service: 'credit-portal',
  consumerGroup: 'credit-portal',
  replayGroup: 'credit-portal.replay.0b8c7a52-4b8e-4c57-8d1b-6c3fa0e4f0a1',
  topics: [TOPIC, 'credit.reference'],
  from: '2026-12-07T08:00:00+08:00',
  dryRun: false,
  status: 'DONE',
  total: 3,
  processed: 3,
  outcomes: { ...emptyOutcomes(), applied: 1, duplicate: 1, invalid: 1 },
  byType: { 'subject-registry.subject-registered': 2, unreadable: 1 },
  tableChanges: { inbox: { inserted: 1, updated: 0, deleted: 0 }, subject_views: { inserted: 0, updated: 1, deleted: 0 } },
  problems: [{ position: `${TOPIC}/0@12`, outcome: 'invalid', reason: 'malformed-json', error: 'malformed-json: value is not JSON', deadLetterId: '4' }],
  problemsNotListed: 0,
  partitions: [
    { topic: 'credit.reference', partition: 0, from: '7', to: '7', next: '7' },
    { topic: TOPIC, partition: 0, from: '10', to: '13', next: '13' },
  ],
  startedAt: '2026-12-07T08:00:01.000Z',
  finishedAt: '2026-12-07T08:00:02.000Z',
  error: null,
  ...over,
});

describe('ops replay: resuming, summary, exit codes', () => {
  it('resumes each partition from its next offset to its end; nothing to resume when every partition is done', () => {
    const cancelled = state({
      status: 'CANCELLED',
      dryRun: true,
      partitions: [
        { topic: 'credit.reference', partition: 0, from: '7', to: '9', next: '9' },
        { topic: TOPIC, partition: 0, from: '10', to: '13', next: '11' },
        { topic: TOPIC, partition: 1, from: '4', to: '8', next: '4' },
      ],
    });
    const argv = resumeArgv(cancelled)!;
    expect(argv).toEqual(['replay', 'credit-portal', '--from', `${TOPIC}/0:11,${TOPIC}/1:4`, '--to', `${TOPIC}/0:13,${TOPIC}/1:8`, '--dry-run']);
    expect(commandLine(argv)).toBe(`npm run ops -- replay credit-portal --from ${TOPIC}/0:11,${TOPIC}/1:4 --to ${TOPIC}/0:13,${TOPIC}/1:8 --dry-run`);
    expect(resumeArgv(state())).toBeUndefined();
    expect(commandLine(['replay', 'x', '--note', "it's"])).toBe(`npm run ops -- replay x --note 'it'\\''s'`);
  });

  it('the summary names outcomes, types, rows per table and the records not applied', () => {
    expect(formatReplay(state())).toBe(
      [
        'credit-portal: replay 0b8c7a52-4b8e-4c57-8d1b-6c3fa0e4f0a1 DONE',
        '  group credit-portal.replay.0b8c7a52-4b8e-4c57-8d1b-6c3fa0e4f0a1 (deleted), for credit-portal',
        `  range ${TOPIC}/0 [10, 13)`,
        '  3/3 record(s): 1 applied, 1 duplicate, 0 ignored, 1 invalid, 0 parked, 0 failed',
        '  by type: subject-registry.subject-registered 2, unreadable 1',
        '  rows changed: inbox +1, subject_views ~1',
        `  invalid ${TOPIC}/0@12 (no type) malformed-json (dead letter credit-portal:4): malformed-json: value is not JSON`,
      ].join('\n'),
    );
    const dry = formatReplay(state({ dryRun: true, tableChanges: {}, problems: [] }));
    expect(dry).toContain('DONE (dry run: every transaction rolled back, nothing committed)');
    expect(dry).toContain('1 would apply, 1 duplicate');
    expect(dry).toContain('rows that would change: none');
  });

  it('exit codes: 0 done, 1 done with failures or failed or cancelled elsewhere, 130 cancelled by Ctrl-C here', () => {
    expect(replayExitCode(state(), false)).toBe(0);
    expect(replayExitCode(state({ outcomes: { ...emptyOutcomes(), failed: 1 } }), false)).toBe(1);
    expect(replayExitCode(state({ status: 'FAILED' }), false)).toBe(1);
    expect(replayExitCode(state({ status: 'CANCELLED' }), false)).toBe(1);
    expect(replayExitCode(state({ status: 'CANCELLED' }), true)).toBe(130);
  });

  it('a --from or --to that is neither an offset nor a timestamp: exit 2 before anything is asked', async () => {
    const unreachable: Topology = { services: [{ name: 'credit-portal', databaseUrl: 'postgres://nowhere/x', url: 'http://127.0.0.1:1' }], kafkaBrokers: [] };
    let err = '';
    const io = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (err += t) } };
    expect(await runReplay(unreachable, 'credit-portal', { from: 'last tuesday' }, io)).toBe(2);
    expect(err).toContain('--from "last tuesday": must be an offset');
    expect(await runReplay(unreachable, 'credit-portal', { from: '0', to: '2026-12-07 08:00' }, io)).toBe(2);
    expect(await runReplay(unreachable, 'no-such-service', { from: '0' }, io)).toBe(2);
    const cli = (...argv: string[]) => runOpsCli(argv, { ...io, topology: unreachable });
    expect(await cli('replay', 'credit-portal')).toBe(2);
    expect(await cli('replay', 'credit-portal', '--from', 'yesterday', '--dry-run')).toBe(2);
    expect(await cli('replay', 'credit-portal', '--from', '0', '--topic')).toBe(2);
  });
});

describe('ops.events-replayed: the audit event', () => {
  const data = (over: Partial<EventsReplayedV1> = {}): EventsReplayedV1 => {
    const tally = new ReplayTally();
    tally.add({ topic: TOPIC, partition: 0, offset: '10' }, { outcome: 'applied', type: 'subject-registry.subject-registered' });
    tally.add({ topic: TOPIC, partition: 0, offset: '11' }, { outcome: 'invalid', type: 'Not A Type' });
    const counts = tally.counts();
    const replayId = randomUUID();
    return {
      service: 'credit-portal',
      consumerGroup: 'credit-portal',
      replayGroup: `credit-portal.replay.${replayId}`,
      replayId,
      dryRun: true,
      status: 'CANCELLED',
      partitions: [{ topic: TOPIC, partition: 0, from: '10', to: '13', next: '12' }],
      total: 3,
      processed: counts.processed,
      outcomes: counts.outcomes,
      byType: counts.byType,
      ...over,
    };
  };
  const validate = (d: unknown) =>
    eventRegistry.validate(JSON.parse(JSON.stringify(testEnvelope({ type: 'ops.events-replayed', subjectKey: null, stream: 'replay-credit-portal', data: d }))));

  it('what a replay records passes the contract; a type outside it is counted as unregistered', () => {
    const recorded = data();
    expect(recorded.byType).toEqual({ 'subject-registry.subject-registered': 1, unregistered: 1 });
    expect(validate(recorded)).toMatchObject({ ok: true });
    expect(validate(data({ status: 'FAILED', error: 'broker away' }))).toMatchObject({ ok: true });
  });

  it('refuses a missing outcome, a free-form type key, an offset that is not one', () => {
    const { failed: _gone, ...outcomes } = data().outcomes;
    expect(validate({ ...data(), outcomes })).toMatchObject({ ok: false });
    expect(validate(data({ byType: { 'Not A Type': 1 } }))).toMatchObject({ ok: false });
    expect(validate(data({ partitions: [{ topic: TOPIC, partition: 0, from: '-1', to: '3', next: '3' }] }))).toMatchObject({ ok: false });
    expect(validate(data({ error: '证件 450102199003071238 泄露' }))).toMatchObject({ ok: false });
  });
});
