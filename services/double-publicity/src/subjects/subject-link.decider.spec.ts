import type { RecordSubjectLinkedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { subjectLinkDecider, type SubjectLinkEvent } from './subject-link.decider';

const spec = deciderSpec(subjectLinkDecider);

const link: RecordSubjectLinkedV1 = { recordId: 'penalty-1', recordType: 'PENALTY', linkedBy: 'CODE' };
const linked: SubjectLinkEvent = { type: 'double-publicity.record-subject-linked', data: link };
/** The record events of the stream the link shares, as the decider sees them (only their type counts). */
const recordEvent = (type: string) => ({ type, data: {} }) as unknown as SubjectLinkEvent;

describe('record subject link', () => {
  it('links a recorded penalty or licence once its subject is registered', () => {
    for (const type of ['double-publicity.penalty-published', 'double-publicity.penalty-recorded-unpublished', 'double-publicity.license-published']) {
      spec.given([recordEvent(type)]).when({ type: 'LinkSubject', data: link }).then([linked]);
    }
  });

  it('links once: a linked record is not linked again', () => {
    spec.given([recordEvent('double-publicity.penalty-published'), linked]).when({ type: 'LinkSubject', data: link }).then([]);
    expect(spec.given([recordEvent('double-publicity.penalty-published'), linked]).state).toEqual({ linked: true, recorded: true });
  });

  it('links nothing on a stream without a record', () => {
    spec.given([]).when({ type: 'LinkSubject', data: link }).then([]);
  });

  it('leaves its state alone on the stream’s other events', () => {
    const published = recordEvent('double-publicity.penalty-published');
    expect(spec.given([published, recordEvent('double-publicity.penalty-publicity-withdrawn')]).state).toEqual(spec.given([published]).state);
  });
});
