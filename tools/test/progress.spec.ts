/**
 * The operator's progress reporter (tools/src/ops/progress.ts) on an injected clock and a fake
 * stream: the pure helpers, the redrawn terminal line and its throttling, the plain lines for CI and
 * pipes, the final line and summary, Ctrl-C handling; and `ops republish` following the relay with it.
 */
import { EventEmitter } from 'node:events';
import { createProgress, formatCount, formatDuration, formatRate, onInterrupt, RateEstimator, renderBar, type ProgressOptions } from '../src/ops/progress';
import { followRepublished, type RepublishAccepted } from '../src/ops/republish';
import type { Topology } from '../src/ops/topology';

const CLEAR = '\r\x1b[2K';

/** A stream that keeps what is written, and a clock the test moves. */
function harness(options: Omit<ProgressOptions, 'stream' | 'now'> & { isTTY?: boolean; columns?: number } = {}) {
  const writes: string[] = [];
  const clock = { t: 0 };
  const stream = { isTTY: options.isTTY, columns: options.columns, write: (text: string) => writes.push(text) };
  const progress = createProgress({ label: 'rebuild joint-punishment', ...options, stream, now: () => clock.t });
  return { writes, clock, progress, text: () => writes.join('') };
}

describe('pure helpers', () => {
  it('renderBar: the fraction of the width filled, rounded down, clamped', () => {
    expect(renderBar(0.42, 14)).toBe('█████░░░░░░░░░');
    expect(renderBar(0.5, 14)).toBe('███████░░░░░░░');
    expect(renderBar(0, 4)).toBe('░░░░');
    expect(renderBar(1, 4)).toBe('████');
    expect(renderBar(0.999, 10)).toBe('█████████░');
    expect(renderBar(1.5, 4)).toBe('████');
    expect(renderBar(-1, 4)).toBe('░░░░');
    expect(renderBar(Number.NaN, 4)).toBe('░░░░');
    expect(renderBar(0.3, 10)).toBe('███░░░░░░░');
    expect(renderBar(0.5, 0)).toBe('');
  });

  it('formatDuration: 7s, 3m05s, 1h02m', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(7_000)).toBe('7s');
    expect(formatDuration(6_500)).toBe('7s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(59_600)).toBe('1m00s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(3_599_000)).toBe('59m59s');
    expect(formatDuration(3_599_600)).toBe('1h00m');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(26 * 3_600_000 + 40 * 60_000)).toBe('26h40m');
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });

  it('formatRate and formatCount: grouped whole numbers, one decimal below 10', () => {
    expect(formatRate(8_120)).toBe('8,120/s');
    expect(formatRate(8_120.4, false)).toBe('8120/s');
    expect(formatRate(12.4)).toBe('12/s');
    expect(formatRate(2.46)).toBe('2.5/s');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(undefined)).toBe('?/s');
    expect(formatRate(Number.NaN)).toBe('?/s');
    expect([formatCount(0), formatCount(999), formatCount(100_000), formatCount(1_234_567.4), formatCount(-4_200)]).toEqual(['0', '999', '100,000', '1,234,567', '-4,200']);
  });

  it('RateEstimator: per second over the window, following a change of pace; ETA from remaining / rate', () => {
    const rate = new RateEstimator(10_000);
    expect(rate.rate()).toBeUndefined();
    rate.sample(0, 0);
    expect([rate.rate(), rate.etaMs(100)]).toEqual([undefined, undefined]);
    for (let s = 1; s <= 10; s++) rate.sample(1_000 * s, 1_000 * s);
    expect(rate.rate()).toBe(1_000);
    expect(rate.etaMs(5_000)).toBe(5_000);
    // Three times faster for ten seconds: once the window has slid past, the rate is the new pace.
    for (let s = 11; s <= 20; s++) rate.sample(10_000 + 3_000 * (s - 10), 1_000 * s);
    expect(rate.rate()).toBe(3_000);
    expect(rate.etaMs(6_000)).toBe(2_000);
    expect(rate.etaMs(-1)).toBe(0);
  });

  it('RateEstimator: samples at one instant replace each other; a count that goes down starts over; no rate, no ETA', () => {
    const rate = new RateEstimator();
    rate.sample(0, 0);
    rate.sample(10, 1_000);
    rate.sample(50, 1_000);
    expect(rate.rate()).toBe(50);
    rate.sample(5, 2_000);
    expect(rate.rate()).toBeUndefined();
    rate.sample(5, 3_000);
    expect([rate.rate(), rate.etaMs(10)]).toEqual([0, undefined]);
  });
});

describe('createProgress on a terminal', () => {
  it('redraws one line: label, bar, percentage, count, rate and ETA', () => {
    const { writes, clock, progress } = harness({ isTTY: true, total: 100_000, barWidth: 14 });
    progress.update(0);
    expect(writes).toEqual([`${CLEAR}rebuild joint-punishment  [░░░░░░░░░░░░░░]  0%  0/100,000 events`]);
    clock.t = 5_000;
    progress.update(42_000);
    expect(writes[1]).toBe(`${CLEAR}rebuild joint-punishment  [█████░░░░░░░░░]  42%  42,000/100,000 events  8,400/s  ETA 7s`);
    expect(writes.join('')).not.toContain('\n');
  });

  it('redraws at most every 100 ms, with the latest state', () => {
    const { writes, clock, progress } = harness({ isTTY: true, total: 1_000 });
    for (const [t, done] of [[0, 0], [50, 5], [99, 9], [100, 10], [150, 15], [250, 25], [260, 26]]) {
      clock.t = t;
      progress.update(done);
    }
    expect(writes).toHaveLength(3);
    expect(writes.map((w) => w.match(/ (\d+)\/1,000 /)![1])).toEqual(['0', '10', '25']);
  });

  it('without a total: the count and the rate, no bar and no ETA', () => {
    const { writes, clock, progress } = harness({ isTTY: true, label: 'copy', unit: 'rows' });
    progress.update(0);
    clock.t = 2_000;
    progress.update(1_500);
    expect(writes).toEqual([`${CLEAR}copy  0 rows`, `${CLEAR}copy  1,500 rows  750/s`]);
  });

  it('the total can be given (or changed) on update; the stream decides TTY by default; the line fits the terminal', () => {
    const { writes, progress } = harness({ isTTY: true, columns: 30 });
    progress.update(5, 10);
    expect(writes[0]).toBe(`${CLEAR}${'rebuild joint-punishment  [████████████░░░░░░░░░░░░]  50%'.slice(0, 29)}`);
  });

  it('finish: the final state replaces the bar, with the time taken and the average rate, then the summary', () => {
    const { writes, clock, progress, text } = harness({ isTTY: true, total: 100, barWidth: 10 });
    clock.t = 1_000;
    progress.update(0);
    clock.t = 3_000;
    progress.update(40);
    clock.t = 6_000;
    progress.update(100);
    writes.length = 0;
    progress.finish('12 projections rebuilt, checksums equal');
    expect(text()).toBe(`${CLEAR}rebuild joint-punishment  [██████████]  100%  100/100 events  in 6s  20/s average\n12 projections rebuilt, checksums equal\n`);
    progress.update(50);
    progress.finish('again');
    progress.fail('late');
    expect(text()).toBe(`${CLEAR}rebuild joint-punishment  [██████████]  100%  100/100 events  in 6s  20/s average\n12 projections rebuilt, checksums equal\n`);
  });

  it('fail: clears the bar and says where it stopped and why', () => {
    const { writes, clock, progress } = harness({ isTTY: true, total: 100 });
    progress.update(0);
    clock.t = 3_000;
    progress.update(42);
    writes.length = 0;
    progress.fail('broker unreachable');
    expect(writes).toEqual([CLEAR, 'rebuild joint-punishment: failed at 42/100 events after 3s: broker unreachable\n']);
  });

  it('log: a line of its own above the bar, which is drawn again', () => {
    const { writes, progress } = harness({ isTTY: true, total: 10, barWidth: 4 });
    progress.update(1);
    writes.length = 0;
    progress.log('relay looks stalled');
    expect(writes).toEqual([CLEAR, 'relay looks stalled\n', `${CLEAR}rebuild joint-punishment  [░░░░]  10%  1/10 events`]);
  });
});

describe('createProgress elsewhere (CI, pipes)', () => {
  it('plain lines, at most one every plainIntervalMs, no escape codes, then a final line and the summary', () => {
    const { writes, clock, progress, text } = harness({ total: 100_000, plainIntervalMs: 2_000 });
    for (let t = 0; t <= 6_000; t += 500) {
      clock.t = t;
      progress.update(Math.min(100_000, t * 8.4));
    }
    expect(writes).toEqual([
      'rebuild joint-punishment: 16800/100000 events (16%), 8400/s, ETA 10s\n',
      'rebuild joint-punishment: 33600/100000 events (33%), 8400/s, ETA 8s\n',
      'rebuild joint-punishment: 50400/100000 events (50%), 8400/s, ETA 6s\n',
    ]);
    clock.t = 12_000;
    progress.update(100_000);
    progress.finish('rebuilt: 100000 events, checksum 9f2c');
    expect(writes.slice(3)).toEqual([
      'rebuild joint-punishment: 100000/100000 events (100%), 8320/s\n',
      'rebuild joint-punishment: 100000/100000 events (100%), in 12s, 8333/s average\n',
      'rebuilt: 100000 events, checksum 9f2c\n',
    ]);
    expect(text()).not.toMatch(/\r|\x1b/);
  });

  it('a command done before the first interval prints only its final line', () => {
    const { writes, clock, progress } = harness({ total: 3, unit: 'files' });
    progress.update(1);
    clock.t = 400;
    progress.update(3);
    progress.finish();
    expect(writes).toEqual(['rebuild joint-punishment: 3/3 files (100%), in 0s, 5/s average\n']);
  });

  it('plain lines without a total; fail and log are plain lines too', () => {
    const { writes, clock, progress } = harness({ label: 'scan', plainIntervalMs: 1_000 });
    progress.update(0);
    clock.t = 1_000;
    progress.update(250);
    progress.log('a hint');
    clock.t = 1_500;
    progress.fail('cancelled');
    expect(writes).toEqual(['scan: 250 events, 250/s\n', 'a hint\n', 'scan: failed at 250 events after 2s: cancelled\n']);
  });

  it('silent (--json): prints nothing at all', () => {
    const writes: string[] = [];
    const progress = createProgress({ silent: true, label: 'x', total: 10, stream: { isTTY: true, write: (t: string) => writes.push(t) } });
    progress.update(5);
    progress.log('hint');
    progress.fail('no');
    progress.finish('done');
    expect(writes).toEqual([]);
  });
});

describe('onInterrupt', () => {
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('the first Ctrl-C runs the handler once; the second exits with 130; uninstall removes the listener', async () => {
    const target = new EventEmitter();
    const exits: number[] = [];
    let handled = 0;
    const uninstall = onInterrupt(() => void (handled += 1), { target, exit: (code) => exits.push(code), stream: { write: () => undefined } });
    expect(target.listenerCount('SIGINT')).toBe(1);
    target.emit('SIGINT');
    await flush();
    expect([handled, exits]).toEqual([1, []]);
    target.emit('SIGINT');
    await flush();
    expect([handled, exits]).toEqual([1, [130]]);
    uninstall();
    uninstall();
    expect(target.listenerCount('SIGINT')).toBe(0);
  });

  it("a failing handler is reported, not thrown; installs on the process's SIGINT by default", async () => {
    const target = new EventEmitter();
    const written: string[] = [];
    onInterrupt(
      async () => {
        throw new Error('cancel refused');
      },
      { target, exit: () => undefined, stream: { write: (t: string) => written.push(t) } },
    );
    target.emit('SIGINT');
    await flush();
    expect(written.join('')).toContain('interrupt: cancel refused');

    const before = process.listenerCount('SIGINT');
    const uninstall = onInterrupt(() => undefined);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    uninstall();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('ops republish follows the relay (followRepublished)', () => {
  const topology: Topology = { services: [], kafkaBrokers: [] };
  const accepted: RepublishAccepted = { service: 'double-publicity', fromPosition: '1', toPosition: '40', count: 12 };

  /** Backlog answers in turn (an Error is thrown); each sleep moves the clock by its ms. */
  function relay(answers: (number | Error)[], options: { onSleep?: (n: number) => void } = {}) {
    const writes: string[] = [];
    const clock = { t: 0 };
    let polls = 0;
    let sleeps = 0;
    const progress = createProgress({ label: 'republish double-publicity', total: accepted.count, unit: 'events published', stream: { write: (t: string) => writes.push(t) }, now: () => clock.t, plainIntervalMs: 1_000 });
    const backlog = async () => {
      const answer = answers[Math.min(polls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    };
    const sleep = async (ms: number) => {
      clock.t += ms;
      options.onSleep?.(++sleeps);
    };
    return { writes, clock, progress, backlog, sleep, polls: () => polls };
  }

  it('polls the range until its outbox rows are gone: published X/N, then the final line', async () => {
    const r = relay([12, 12, 7, 2, 0]);
    const followed = await followRepublished(topology, accepted, { progress: r.progress, backlog: r.backlog, sleep: r.sleep, now: () => r.clock.t });
    expect(followed).toEqual({ published: 12, remaining: 0, drained: true, interrupted: false, waitedMs: 4_000 });
    expect(r.writes).toEqual([
      'republish double-publicity: 0/12 events published (0%), 0/s\n',
      'republish double-publicity: 5/12 events published (41%), 2.5/s, ETA 3s\n',
      'republish double-publicity: 10/12 events published (83%), 3.3/s, ETA 1s\n',
      'republish double-publicity: 12/12 events published (100%), 3/s\n',
      'republish double-publicity: 12/12 events published (100%), in 4s, 3/s average\n',
    ]);
  });

  it('rows of the range already waiting before the republish keep it waiting, and never count below 0 published', async () => {
    const r = relay([15, 13, 0]);
    const followed = await followRepublished(topology, accepted, { progress: r.progress, backlog: r.backlog, sleep: r.sleep, now: () => r.clock.t });
    expect([followed.published, followed.drained, r.polls()]).toEqual([12, true, 3]);
  });

  it('Ctrl-C (the signal) stops waiting where it is; the relay is not touched', async () => {
    const stop = new AbortController();
    const r = relay([12, 9, 6, 3, 0], { onSleep: (n) => n === 2 && stop.abort() });
    const followed = await followRepublished(topology, accepted, { progress: r.progress, backlog: r.backlog, sleep: r.sleep, now: () => r.clock.t, signal: stop.signal });
    expect(followed).toEqual({ published: 3, remaining: 9, drained: false, interrupted: true, waitedMs: 2_000 });
    expect(r.writes[r.writes.length - 1]).toBe('republish double-publicity: 3/12 events published (25%), in 2s, 1.5/s average\n');
  });

  it('a stalled relay: one hint after stallMs without change', async () => {
    const stop = new AbortController();
    const r = relay([12], { onSleep: (n) => n === 6 && stop.abort() });
    await followRepublished(topology, accepted, { progress: r.progress, backlog: r.backlog, sleep: r.sleep, now: () => r.clock.t, signal: stop.signal, stallMs: 3_000 });
    expect(r.writes.filter((w) => w.includes('relay running?'))).toEqual([
      "nothing published for 3s: is double-publicity's outbox relay running? (npm run ops -- status shows its backlog)\n",
    ]);
  });

  it('an unreadable outbox: retried, then given up after maxErrors in a row (the republish stands)', async () => {
    const down = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const recovered = relay([down, down, 0]);
    expect((await followRepublished(topology, accepted, { progress: recovered.progress, backlog: recovered.backlog, sleep: recovered.sleep, now: () => recovered.clock.t })).drained).toBe(true);
    expect(recovered.writes.filter((w) => w.startsWith('cannot read'))).toHaveLength(2);

    const r = relay([12, down]);
    const followed = await followRepublished(topology, accepted, { progress: r.progress, backlog: r.backlog, sleep: r.sleep, now: () => r.clock.t });
    expect(followed).toEqual({ published: 0, remaining: 12, drained: false, interrupted: false, waitedMs: 3_000, error: down.message });
    expect(r.writes[r.writes.length - 1]).toBe("republish double-publicity: failed at 0/12 events published after 3s: cannot read double-publicity's outbox: connect ECONNREFUSED 127.0.0.1:5432\n");
  });
});
