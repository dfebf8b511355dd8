/**
 * 跟踪反馈 (domain.md §5): a linkage unit reports how it executed one measure of a list entry. The
 * report is an event on the entry's own stream (`list-entry-<id>`), so it is decided against the
 * entry's applications and lifts as they stand, and lands in the subject's order on the topic.
 * Pure: no Nest, no I/O.
 */
import type { MeasureExecutionReportedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/credit-rules';
import type { ListEntryEvent } from '../list-entries/list-entry.decider';

export type MeasureExecutionEvent = { type: 'joint-punishment.measure-execution-reported'; data: MeasureExecutionReportedV1 };
export type EntryStreamEvent = ListEntryEvent | MeasureExecutionEvent;
export type ReportMeasureExecution = { type: 'ReportMeasureExecution'; data: MeasureExecutionReportedV1 };

export interface ExecutionState {
  exists: boolean;
  /** `measureCode|unitCode` → whether that application is still applied, was lifted, or its lift was acknowledged. */
  applications: Record<string, 'APPLIED' | 'LIFTED' | 'ACKNOWLEDGED'>;
}

export class EntryNotFoundForExecution extends Error {
  constructor() {
    super('no list entry with this id');
  }
}

/**
 * The entry applied the measure, but not through the reporting unit: it is another linkage unit's
 * measure, so not this unit's to report (403, refused as the caller's).
 */
export class NotLinkageUnitOfMeasure extends Error {
  constructor(listEntryId: string, measureCode: string, unitCode: string) {
    super(`measure ${measureCode} of list entry ${listEntryId} is executed by other linkage units, not by unit ${unitCode}: a unit reports only its own measures`);
  }
}

/** The linkage units through which the entry applied `measureCode` (lifted or not). */
export function unitsApplying(state: ExecutionState, measureCode: string): string[] {
  return Object.keys(state.applications)
    .filter((k) => k.slice(0, k.lastIndexOf('|')) === measureCode)
    .map((k) => k.slice(k.lastIndexOf('|') + 1));
}

const key = (measureCode: string, unitCode: string) => `${measureCode}|${unitCode}`;

export const measureExecutionDecider: Decider<ReportMeasureExecution, EntryStreamEvent, ExecutionState> = {
  initialState: () => ({ exists: false, applications: {} }),

  decide(command, state) {
    if (!state.exists) throw new EntryNotFoundForExecution();
    const { measureCode, unitCode, outcome } = command.data;
    const application = state.applications[key(measureCode, unitCode)];
    // A unit reports only on what the entry made it apply: another unit's measure is not its to
    // report (403); a measure the entry never applied has nothing to report on (422).
    if (application === undefined) {
      if (unitsApplying(state, measureCode).length > 0) throw new NotLinkageUnitOfMeasure(command.data.listEntryId, measureCode, unitCode);
      throw new DomainRuleError(`list entry ${command.data.listEntryId} has no measure ${measureCode} applied by unit ${unitCode}`, {
        rule: 'measure-execution.not-applied',
      });
    }
    // LIFTED reports the end of a measure the platform lifted (修复退出); before the lift there is nothing to end.
    if (outcome === 'LIFTED' && application === 'APPLIED') {
      throw new DomainRuleError(`measure ${measureCode} of unit ${unitCode} is still applied: it can be reported LIFTED only after the entry exited`, {
        rule: 'measure-execution.not-lifted',
      });
    }
    // The unit acknowledges a lift once; the same acknowledgement again changes nothing.
    if (outcome === 'LIFTED' && application === 'ACKNOWLEDGED') return [];
    return [{ type: 'joint-punishment.measure-execution-reported', data: command.data }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'joint-punishment.list-entry-created':
        return { ...state, exists: true };
      case 'joint-punishment.measure-applied':
        return { ...state, applications: { ...state.applications, [key(event.data.measureCode, event.data.unitCode)]: 'APPLIED' } };
      case 'joint-punishment.measure-lifted':
        return { ...state, applications: { ...state.applications, [key(event.data.measureCode, event.data.unitCode)]: 'LIFTED' } };
      case 'joint-punishment.measure-execution-reported':
        return event.data.outcome === 'LIFTED'
          ? { ...state, applications: { ...state.applications, [key(event.data.measureCode, event.data.unitCode)]: 'ACKNOWLEDGED' } }
          : state;
      default:
        return state;
    }
  },
};
