/**
 * An objection (异议) to a published record (domain.md §2): one stream per objection,
 * `objection-<id>`, keyed by the record's subject. Filed OPEN with its due time (5 working days),
 * resolved once by a reviewer. Pure: the due time and the dates arrive computed.
 */
import type { ObjectionDueDateRecomputedV1, ObjectionFiledV1, ObjectionOutcome, ObjectionOverdueV1, ObjectionRecordType, ObjectionResolvedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type ObjectionEvent =
  | { type: 'double-publicity.objection-filed'; data: ObjectionFiledV1 }
  | { type: 'double-publicity.objection-due-date-recomputed'; data: ObjectionDueDateRecomputedV1 }
  | { type: 'double-publicity.objection-resolved'; data: ObjectionResolvedV1 }
  | { type: 'double-publicity.objection-overdue'; data: ObjectionOverdueV1 };

export type ObjectionCommand =
  | { type: 'FileObjection'; data: ObjectionFiledV1 }
  | { type: 'ResolveObjection'; data: { outcome: ObjectionOutcome; note: string; resolvedOn: string; at: Date; correctionEventId?: string } }
  /** A published calendar year changed an open objection's due time or the calendar it rests on. */
  | { type: 'RecomputeDueBy'; data: Omit<ObjectionDueDateRecomputedV1, 'objectionId' | 'recordId'> }
  /** The alert of an objection still open after its due time (domain.md §2): once per objection. */
  | { type: 'FlagOverdue'; data: { detectedOn: string } };

export type ObjectionState =
  | { status: 'UNKNOWN' }
  | { status: 'OPEN'; objectionId: string; recordId: string; recordType: ObjectionRecordType; dueBy: string; overdueFlagged?: boolean }
  | { status: 'RESOLVED'; objectionId: string; recordId: string; outcome: ObjectionOutcome };

export class ObjectionAlreadyFiled extends Error {
  constructor() {
    super('this objection already exists');
  }
}

export class ObjectionNotFiled extends Error {
  constructor() {
    super('no objection exists under this id');
  }
}

export class ObjectionAlreadyResolved extends Error {
  constructor(readonly outcome: ObjectionOutcome) {
    super(`the objection was already resolved (${outcome}); a resolution is final`);
  }
}

export const objectionDecider: Decider<ObjectionCommand, ObjectionEvent, ObjectionState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    switch (command.type) {
      case 'FileObjection':
        if (state.status !== 'UNKNOWN') throw new ObjectionAlreadyFiled();
        return [{ type: 'double-publicity.objection-filed', data: command.data }];
      case 'ResolveObjection': {
        if (state.status === 'UNKNOWN') throw new ObjectionNotFiled();
        if (state.status === 'RESOLVED') throw new ObjectionAlreadyResolved(state.outcome);
        return [
          {
            type: 'double-publicity.objection-resolved',
            data: {
              objectionId: state.objectionId,
              recordId: state.recordId,
              outcome: command.data.outcome,
              note: command.data.note,
              resolvedOn: command.data.resolvedOn,
              // The answer is due within 5 working days (domain.md §2, seed 001); a late one is recorded as such.
              late: command.data.at.getTime() > Date.parse(state.dueBy),
              recordType: state.recordType,
              ...(command.data.correctionEventId !== undefined && { correctionEventId: command.data.correctionEventId }),
            },
          },
        ];
      }
      case 'RecomputeDueBy':
        if (state.status === 'UNKNOWN') throw new ObjectionNotFiled();
        // A resolved objection has no due time left to move.
        if (state.status === 'RESOLVED') return [];
        return [{ type: 'double-publicity.objection-due-date-recomputed', data: { objectionId: state.objectionId, recordId: state.recordId, ...command.data } }];
      case 'FlagOverdue': {
        if (state.status === 'UNKNOWN') throw new ObjectionNotFiled();
        // Whether the due time has passed is the scheduler's reading of the read model; here: open, and flagged once.
        if (state.status === 'RESOLVED' || state.overdueFlagged) return [];
        return [
          {
            type: 'double-publicity.objection-overdue',
            data: { objectionId: state.objectionId, recordId: state.recordId, dueBy: state.dueBy, detectedOn: command.data.detectedOn },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'double-publicity.objection-filed':
        return { status: 'OPEN', objectionId: event.data.objectionId, recordId: event.data.recordId, recordType: event.data.recordType, dueBy: event.data.dueBy };
      case 'double-publicity.objection-resolved':
        return state.status === 'OPEN' ? { status: 'RESOLVED', objectionId: state.objectionId, recordId: state.recordId, outcome: event.data.outcome } : state;
      case 'double-publicity.objection-overdue':
        return state.status === 'OPEN' ? { ...state, overdueFlagged: true } : state;
      case 'double-publicity.objection-due-date-recomputed':
        return state.status === 'OPEN' ? { ...state, dueBy: event.data.dueBy } : state;
      default:
        return state;
    }
  },
};

export const objectionStream = (objectionId: string): string => `objection-${objectionId}`;
