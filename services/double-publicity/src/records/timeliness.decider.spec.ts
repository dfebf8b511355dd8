import type { TimelinessRecomputedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { TimelinessRecordNotFound, timelinessDecider, type TimelinessEvent } from './timeliness.decider';

const spec = deciderSpec(timelinessDecider);

const calendar = [{ year: 2026, version: 1, provisional: false }];
const timeliness = { dueBy: '2026-05-20T23:59:59.999+08:00', calendar };
/** A record event of the stream, as the decider sees it: only the judgement it carries counts. */
const recorded = (data: unknown) => ({ type: 'double-publicity.penalty-published', data }) as unknown as TimelinessEvent;
const corrected = (record: unknown) => ({ type: 'double-publicity.penalty-corrected', data: { record } }) as unknown as TimelinessEvent;
const rejudged = (over: Partial<TimelinessRecomputedV1> = {}): TimelinessRecomputedV1 =>
  ({ recordId: 'penalty-1', recordType: 'PENALTY', timely: true, previousTimely: false, dueBy: timeliness.dueBy, calendar, ...over }) as TimelinessRecomputedV1;

describe('timeliness rejudged on a record stream', () => {
  it('needs a record', () => {
    spec.given([]).when({ type: 'RejudgeTimeliness', data: rejudged() }).thenThrows(TimelinessRecordNotFound, /no 双公示 record/);
  });

  it('records a changed judgement, and the same judgement again is a no-op', () => {
    const stream = [recorded({ timely: false, timeliness })];
    spec.given(stream).when({ type: 'RejudgeTimeliness', data: rejudged() }).then([{ type: 'double-publicity.timeliness-recomputed', data: rejudged() }]);
    spec.given([recorded({ timely: true, timeliness })]).when({ type: 'RejudgeTimeliness', data: rejudged() }).then([]);
    const later = rejudged({ dueBy: '2026-05-21T23:59:59.999+08:00' });
    spec.given([recorded({ timely: true, timeliness })]).when({ type: 'RejudgeTimeliness', data: later }).then([{ type: 'double-publicity.timeliness-recomputed', data: later }]);
  });

  it('reads the judgement of a correction from the whole record it carries', () => {
    const stream = [recorded({ timely: false, timeliness }), corrected({ timely: true, timeliness })];
    expect(spec.given(stream).state).toEqual({ status: 'RECORDED', timely: true, timeliness });
    spec.given(stream).when({ type: 'RejudgeTimeliness', data: rejudged() }).then([]);
  });
});
