/**
 * The link of a penalty or licence record to its registered subject, on the record's own stream
 * (`penalty-<id>` / `license-<id>`): raised once, when the subject first appears in the registry.
 * Pure; the other events of the stream leave its state alone.
 */
import type { RecordSubjectLinkedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type SubjectLinkEvent = { type: 'double-publicity.record-subject-linked'; data: RecordSubjectLinkedV1 };
export type SubjectLinkCommand = { type: 'LinkSubject'; data: RecordSubjectLinkedV1 };
export type SubjectLinkState = { linked: boolean; recorded: boolean };

export const subjectLinkDecider: Decider<SubjectLinkCommand, SubjectLinkEvent, SubjectLinkState> = {
  initialState: () => ({ linked: false, recorded: false }),

  decide(command, state) {
    if (!state.recorded || state.linked) return [];
    return [{ type: 'double-publicity.record-subject-linked', data: command.data }];
  },

  evolve(state, event) {
    const type = (event as { type: string }).type;
    if (type === 'double-publicity.record-subject-linked') return { ...state, linked: true };
    if (type === 'double-publicity.penalty-published' || type === 'double-publicity.penalty-recorded-unpublished' || type === 'double-publicity.license-published') {
      return { ...state, recorded: true };
    }
    return state;
  },
};
