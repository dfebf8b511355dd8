import { foldSubjectEvents, publicListEntries, publicView } from './subject-view.rules';

const penalty = (penaltyId: string, maximumUntil = '2028-03-01') => ({
  type: 'double-publicity.penalty-published',
  data: {
    penaltyId,
    decisionNumber: 'D-1',
    subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: '450102********1234', name: '张三' },
    categories: ['警告'],
    decidedOn: '2025-03-01',
    publicity: { status: 'PUBLISHED', regime: 'r', from: '2025-03-01', minimumUntil: '2025-06-01', maximumUntil },
  },
});

describe('public subject view fold', () => {
  it('shows a subject known only from a penalty, masked, with the penalty in publicity', () => {
    const view = publicView(foldSubjectEvents([penalty('p1')]), '2025-04-01')!;
    expect(view.subject).toEqual({ name: '张*', kind: 'NATURAL_PERSON', code: '450102********1234' });
    expect(view.penalties.map((p) => p.id)).toEqual(['p1']);
  });

  it('drops withdrawn and expired penalties, exited list entries, non-public commitments', () => {
    const state = foldSubjectEvents([
      { type: 'subject-registry.subject-registered', data: { kind: 'LEGAL_PERSON', code: 'X', maskedCode: 'X', name: '某公司' } },
      penalty('p1'),
      penalty('p2', '2025-12-31'),
      penalty('p3'),
      { type: 'double-publicity.penalty-publicity-withdrawn', data: { penaltyId: 'p1', reason: 'REPAIR', withdrawnOn: '2025-05-01' } },
      { type: 'joint-punishment.list-entry-created', data: { listEntryId: 'l1', list: 'BLACK', category: 'M', basis: { recordIds: [], document: 'd' }, initiatingUnit: {}, decidedOn: '2025-03-04' } },
      { type: 'joint-punishment.list-entry-created', data: { listEntryId: 'l2', list: 'RED', category: 'M', basis: { recordIds: [], document: 'd' }, initiatingUnit: {}, decidedOn: '2025-03-04' } },
      { type: 'joint-punishment.list-entry-exited', data: { listEntryId: 'l1', trigger: 'REPAIR', reason: 'r', exitedOn: '2025-05-01' } },
      { type: 'commitments.commitment-signed', data: { commitmentId: 'c1', public: true, type: 'CREDIT_REPAIR', matter: 'm', signedOn: '2025-03-01', acceptingUnit: {} } },
      { type: 'commitments.commitment-signed', data: { commitmentId: 'c2', public: false, type: 'CREDIT_REPAIR', matter: 'm', signedOn: '2025-03-01', acceptingUnit: {} } },
    ]);
    const view = publicView(state, '2026-01-05')!;
    expect(view.subject.name).toBe('某公司');
    expect(view.penalties.map((p) => p.id)).toEqual(['p3']);
    expect(view.lists.map((l) => l.id)).toEqual(['l2']);
    expect(view.commitments.map((c) => c.id)).toEqual(['c1']);
    expect(publicView(state, '2025-04-01')!.penalties.map((p) => p.id).sort()).toEqual(['p2', 'p3']);
  });

  it('shows a penalty from its publicity start up to the day before its maximumUntil (the day publicity stops)', () => {
    const state = foldSubjectEvents([penalty('p1', '2025-12-31')]);
    const shownOn = (day: string) => publicView(state, day)!.penalties.map((p) => p.id);
    expect(shownOn('2025-02-28')).toEqual([]);
    expect(shownOn('2025-03-01')).toEqual(['p1']);
    expect(shownOn('2025-12-30')).toEqual(['p1']);
    expect(shownOn('2025-12-31')).toEqual([]);
  });

  it('drops a list entry and a public commitment once their validUntil has passed, and shows them up to that day', () => {
    const state = foldSubjectEvents([
      { type: 'subject-registry.subject-registered', data: { kind: 'LEGAL_PERSON', code: 'X', maskedCode: 'X', name: '某公司' } },
      { type: 'joint-punishment.list-entry-created', data: { listEntryId: 'l1', list: 'RED', category: 'M', basis: { recordIds: [], document: 'd' }, initiatingUnit: {}, decidedOn: '2025-03-04', validUntil: '2025-12-31' } },
      { type: 'commitments.commitment-signed', data: { commitmentId: 'c1', public: true, type: 'CERTIFICATION', matter: 'm', signedOn: '2025-03-01', validUntil: '2025-12-31', acceptingUnit: {} } },
      { type: 'commitments.commitment-fulfilment-recorded', data: { commitmentId: 'c1', outcome: 'FULFILLED', note: 'n', decidedOn: '2025-06-01' } },
    ]);
    const lastDay = publicView(state, '2025-12-31')!;
    expect(lastDay.lists.map((l) => l.id)).toEqual(['l1']);
    expect(lastDay.commitments).toEqual([expect.objectContaining({ id: 'c1', validUntil: '2025-12-31', fulfilment: 'FULFILLED' })]);
    const dayAfter = publicView(state, '2026-01-01')!;
    expect(dayAfter.lists).toEqual([]);
    expect(dayAfter.commitments).toEqual([]);
  });

  it('gives the list rows of a subject: not exited, masked person, or the masked code alone when nothing else is known', () => {
    const entry = (listEntryId: string) => ({
      type: 'joint-punishment.list-entry-created',
      data: { listEntryId, subjectCode: null, maskedCode: '450102********1234', list: 'BLACK', category: 'M', basis: { recordIds: [], document: 'd' }, initiatingUnit: {}, decidedOn: '2025-03-04' },
    });
    const exit = { type: 'joint-punishment.list-entry-exited', data: { listEntryId: 'l2', trigger: 'DECISION', reason: 'r', exitedOn: '2025-05-01' } };
    const unknown = publicListEntries(foldSubjectEvents([entry('l1'), entry('l2'), exit]));
    expect(unknown).toEqual([expect.objectContaining({ id: 'l1', list: 'BLACK', subject: { name: null, kind: 'NATURAL_PERSON', code: '450102********1234' } })]);
    const known = publicListEntries(foldSubjectEvents([penalty('p1'), entry('l1')]));
    expect(known[0].subject).toEqual({ name: '张*', kind: 'NATURAL_PERSON', code: '450102********1234' });
  });

  it('has nothing to show for an unknown subject', () => {
    expect(publicView(foldSubjectEvents([]), '2025-01-01')).toBeNull();
  });

  it('shows a corrected penalty as corrected, and drops one corrected out of publicity', () => {
    const published = penalty('p1');
    const corrected = { ...published.data, categories: ['通报批评'], publicity: { ...published.data.publicity, maximumUntil: '2026-03-01' } };
    const view = publicView(foldSubjectEvents([published, { type: 'double-publicity.penalty-corrected', data: { penaltyId: 'p1', reason: 'r', changes: [], record: corrected } }]), '2025-04-01')!;
    expect(view.penalties).toEqual([expect.objectContaining({ id: 'p1', categories: ['通报批评'], publicity: { from: '2025-03-01', until: '2026-03-01' } })]);
    const withheld = { ...published.data, publicity: { status: 'NOT_PUBLISHED', regime: 'r', reason: 'MINOR_PENALTY' } };
    const gone = publicView(foldSubjectEvents([published, { type: 'double-publicity.penalty-corrected', data: { penaltyId: 'p1', reason: 'r', changes: [], record: withheld } }]), '2025-04-01')!;
    expect(gone.penalties).toEqual([]);
  });
});
