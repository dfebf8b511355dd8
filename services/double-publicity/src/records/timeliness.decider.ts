/**
 * Timeliness judged again on a 双公示 record's own stream (`penalty-<id>`, `license-<id>`,
 * `administrative-action-<id>`). Pure. It reads the judgement from whichever record event carries it,
 * so that the record kinds' own deciders stay as they are; the same judgement twice is a no-op.
 */
import type { TimelinessData, TimelinessRecomputedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type TimelinessEvent = { type: 'double-publicity.timeliness-recomputed'; data: TimelinessRecomputedV1 };

export type TimelinessCommand = { type: 'RejudgeTimeliness'; data: TimelinessRecomputedV1 };

export type TimelinessState = { status: 'UNKNOWN' } | { status: 'RECORDED'; timely: boolean; timeliness?: TimelinessData };

export class TimelinessRecordNotFound extends Error {
  constructor() {
    super('no 双公示 record exists under this id');
  }
}

/** The record events that state a judgement: the record itself, its correction (the whole record), a recomputation. */
const judgementOf = (type: string, data: unknown): { timely: boolean; timeliness?: TimelinessData } | undefined => {
  const record = (type.endsWith('-corrected') ? (data as { record?: unknown }).record : data) as { timely?: unknown; timeliness?: TimelinessData } | undefined;
  if (record === undefined || typeof record.timely !== 'boolean') return undefined;
  return { timely: record.timely, ...(record.timeliness !== undefined && { timeliness: record.timeliness }) };
};

export const timelinessDecider: Decider<TimelinessCommand, TimelinessEvent, TimelinessState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    if (state.status === 'UNKNOWN') throw new TimelinessRecordNotFound();
    const { timely, dueBy, calendar } = command.data;
    if (state.timely === timely && state.timeliness?.dueBy === dueBy && JSON.stringify(state.timeliness.calendar) === JSON.stringify(calendar)) return [];
    return [{ type: 'double-publicity.timeliness-recomputed', data: command.data }];
  },

  evolve(state, event) {
    const judgement = judgementOf(event.type, event.data);
    if (judgement === undefined) return state;
    return { status: 'RECORDED', ...judgement };
  },
};
