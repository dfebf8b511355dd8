import { formatPartitionOffsets, parseReplayPosition, planReplayRange, positionOffsets, ReplayRangeError, type PartitionWatermarks } from './replay-range';

describe('parseReplayPosition: what --from and --to take', () => {
  it('an offset, applied to every partition', () => {
    expect(parseReplayPosition('0')).toEqual({ kind: 'offset', offset: '0' });
    expect(parseReplayPosition('1200')).toEqual({ kind: 'offset', offset: '1200' });
    expect(parseReplayPosition('007')).toEqual({ kind: 'offset', offset: '7' });
    expect(parseReplayPosition('9223372036854775807')).toEqual({ kind: 'offset', offset: '9223372036854775807' });
  });

  it('an ISO 8601 instant with its UTC offset, to the millisecond', () => {
    expect(parseReplayPosition('2026-12-07T08:00:00+08:00')).toEqual({ kind: 'timestamp', at: '2026-12-07T00:00:00.000Z', ms: Date.UTC(2026, 11, 7) });
    expect(parseReplayPosition('2026-12-07T00:00Z')).toMatchObject({ kind: 'timestamp', at: '2026-12-07T00:00:00.000Z' });
    expect(parseReplayPosition('2026-12-07T07:18:09.770Z')).toMatchObject({ at: '2026-12-07T07:18:09.770Z' });
    expect(parseReplayPosition('2024-02-29T12:00:00-05:00')).toMatchObject({ at: '2024-02-29T17:00:00.000Z' });
  });

  it('offsets per partition, as a cancelled replay reports them to resume from', () => {
    expect(parseReplayPosition('credit.subject-events/0:120,credit.subject-events/2:98,credit.reference/0:5')).toEqual({
      kind: 'partitions',
      offsets: [
        { topic: 'credit.subject-events', partition: 0, offset: '120' },
        { topic: 'credit.subject-events', partition: 2, offset: '98' },
        { topic: 'credit.reference', partition: 0, offset: '5' },
      ],
    });
    const offsets = [{ topic: 'credit.reference', partition: 1, offset: '42' }];
    expect(parseReplayPosition(formatPartitionOffsets(offsets))).toEqual({ kind: 'partitions', offsets });
  });

  it.each([
    ['', 'empty'],
    ['yesterday', 'a word'],
    ['-1', 'a negative offset'],
    ['1.5', 'a fraction'],
    ['1e3', 'an exponent'],
    [' 12', 'leading space'],
    ['9223372036854775808', 'beyond a 64-bit offset'],
    ['12345678901234567890', 'twenty digits'],
    ['2026-12-07', 'a date without time'],
    ['2026-12-07T08:00:00', 'an instant without its UTC offset'],
    ['2026-02-30T08:00:00Z', 'a day that does not exist'],
    ['2026-13-01T08:00:00Z', 'month 13'],
    ['2026-12-07T24:00:00Z', 'hour 24'],
    ['2026-12-07T08:60:00Z', 'minute 60'],
    ['2026-12-07T08:00:00+15:00', 'an offset beyond +14:00'],
    ['1969-12-31T23:59:59Z', 'before the epoch'],
    ['credit.subject-events/0', 'a partition without offset'],
    ['credit.subject-events/x:1', 'a partition that is not a number'],
    ['credit.subject-events/0:1,credit.subject-events/0:2', 'a partition named twice'],
    ['bad topic/0:1', 'a topic name with a space'],
    ['credit.subject-events/0:1,', 'a trailing comma'],
  ])('refuses %j (%s)', (text) => {
    expect(parseReplayPosition(text)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    for (const value of [12, null, undefined, {}, ['0']]) expect(parseReplayPosition(value)).toBeUndefined();
  });
});

describe('planReplayRange: per partition, within what the broker holds', () => {
  const topic = 'credit.subject-events';
  const watermarks: PartitionWatermarks[] = [
    { topic, partition: 1, low: '0', high: '50' },
    { topic, partition: 0, low: '10', high: '100' },
    { topic, partition: 2, low: '0', high: '0' },
  ];
  const all = (offset: bigint) => positionOffsets('from', { kind: 'offset', offset: offset.toString() }, watermarks);

  it('an offset on every partition, to the high watermarks, sorted by partition; below the log start it starts there', () => {
    expect(planReplayRange(watermarks, all(40n))).toEqual({
      partitions: [
        { topic, partition: 0, from: '40', to: '100' },
        { topic, partition: 1, from: '40', to: '50' },
        { topic, partition: 2, from: '0', to: '0' },
      ],
      total: 70,
    });
    expect(planReplayRange(watermarks, all(0n)).partitions[0]).toEqual({ topic, partition: 0, from: '10', to: '100' });
  });

  it('never past the high watermark (a replay ends), and an end before the start leaves the partition empty', () => {
    const plan = planReplayRange(watermarks, all(60n), all(1000n));
    expect(plan).toEqual({
      partitions: [
        { topic, partition: 0, from: '60', to: '100' },
        { topic, partition: 1, from: '50', to: '50' },
        { topic, partition: 2, from: '0', to: '0' },
      ],
      total: 40,
    });
    expect(planReplayRange(watermarks, all(60n), all(20n)).total).toBe(0);
    expect(planReplayRange(watermarks, all(5000n)).total).toBe(0);
  });

  it('a timestamp takes, per partition, the first offset at or after it (the high watermark when none)', () => {
    const byTimestamp = new Map([
      [`${topic}/0`, '90'],
      [`${topic}/1`, '50'],
    ]);
    const at = { kind: 'timestamp' as const, at: '2026-12-07T00:00:00.000Z', ms: Date.UTC(2026, 11, 7) };
    expect(planReplayRange(watermarks, positionOffsets('from', at, watermarks, byTimestamp)).partitions.map((p) => [p.partition, p.from, p.to])).toEqual([
      [0, '90', '100'],
      [1, '50', '50'],
      [2, '0', '0'],
    ]);
  });

  it('offsets per partition: a partition not named is not replayed (from), or replayed to its end (to)', () => {
    const from = positionOffsets('from', { kind: 'partitions', offsets: [{ topic, partition: 0, offset: '95' }] }, watermarks);
    const to = positionOffsets('to', { kind: 'partitions', offsets: [{ topic, partition: 0, offset: '97' }] }, watermarks);
    expect(planReplayRange(watermarks, from, to)).toEqual({
      partitions: [
        { topic, partition: 0, from: '95', to: '97' },
        { topic, partition: 1, from: '50', to: '50' },
        { topic, partition: 2, from: '0', to: '0' },
      ],
      total: 2,
    });
    expect(planReplayRange(watermarks, from).total).toBe(5);
  });

  it('a partition of another topic, or one the topic does not have, is refused naming the field', () => {
    const other = { kind: 'partitions' as const, offsets: [{ topic: 'credit.reference', partition: 0, offset: '1' }] };
    expect(() => positionOffsets('to', other, watermarks)).toThrow(ReplayRangeError);
    expect(() => positionOffsets('from', { kind: 'partitions', offsets: [{ topic, partition: 7, offset: '1' }] }, watermarks)).toThrow(
      expect.objectContaining({ field: 'from', message: expect.stringContaining(`${topic}/7 is not a partition`) }),
    );
  });
});
