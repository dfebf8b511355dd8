import { eventRegistry } from '@credit/contracts';
import { emptyOutcomes, MAX_LISTED_PROBLEMS, ReplayTally, tableCountersOf, tableDeltas, typeLabel } from './replay-tally';

const at = (offset: number) => ({ topic: 'credit.subject-events', partition: 1, offset: String(offset) });

describe('ReplayTally: what a replay came to', () => {
  it('counts outcomes and types, and adds up the rows per table', () => {
    const tally = new ReplayTally();
    tally.add(at(1), {
      outcome: 'applied',
      type: 'subject-registry.subject-registered',
      tableChanges: { inbox: { inserted: 1, updated: 0, deleted: 0 }, subject_views: { inserted: 1, updated: 0, deleted: 0 } },
    });
    tally.add(at(2), {
      outcome: 'applied',
      type: 'double-publicity.penalty-published',
      tableChanges: { inbox: { inserted: 1, updated: 0, deleted: 0 }, subject_views: { inserted: 0, updated: 1, deleted: 0 } },
    });
    tally.add(at(3), { outcome: 'duplicate', type: 'subject-registry.subject-registered' });
    tally.add(at(4), { outcome: 'ignored', type: 'grading-supervision.grade-recomputed' });
    expect(tally.counts()).toEqual({
      processed: 4,
      outcomes: { ...emptyOutcomes(), applied: 2, duplicate: 1, ignored: 1 },
      byType: { 'subject-registry.subject-registered': 2, 'double-publicity.penalty-published': 1, 'grading-supervision.grade-recomputed': 1 },
      tableChanges: { inbox: { inserted: 2, updated: 0, deleted: 0 }, subject_views: { inserted: 1, updated: 1, deleted: 0 } },
      problems: [],
      problemsNotListed: 0,
    });
  });

  it('lists what it could not apply, where it is and why; a type outside the contract is never a key', () => {
    const tally = new ReplayTally();
    tally.add(at(7), { outcome: 'invalid', reason: 'malformed-json', error: 'malformed-json: value is not JSON', deadLetterId: '12' });
    tally.add(at(8), { outcome: 'invalid', type: 'someone.made-this-up', eventId: 'e-1', reason: 'unknown-type', error: 'x'.repeat(2000) });
    tally.add(at(9), { outcome: 'failed', type: 'subject-registry.subject-registered', eventId: 'e-2', error: 'boom' });
    const counts = tally.counts();
    expect(counts.outcomes).toEqual({ ...emptyOutcomes(), invalid: 2, failed: 1 });
    expect(counts.byType).toEqual({ unreadable: 1, unregistered: 1, 'subject-registry.subject-registered': 1 });
    expect(counts.problems).toEqual([
      { position: 'credit.subject-events/1@7', outcome: 'invalid', reason: 'malformed-json', error: 'malformed-json: value is not JSON', deadLetterId: '12' },
      { position: 'credit.subject-events/1@8', outcome: 'invalid', type: 'unregistered', eventId: 'e-1', reason: 'unknown-type', error: 'x'.repeat(500) },
      { position: 'credit.subject-events/1@9', outcome: 'failed', type: 'subject-registry.subject-registered', eventId: 'e-2', error: 'boom' },
    ]);
  });

  it('lists the first problems and counts the rest', () => {
    const tally = new ReplayTally();
    for (let i = 0; i < MAX_LISTED_PROBLEMS + 5; i++) tally.add(at(i), { outcome: 'invalid', reason: 'malformed-json' });
    expect([tally.counts().problems.length, tally.counts().problemsNotListed, tally.counts().outcomes.invalid]).toEqual([MAX_LISTED_PROBLEMS, 5, MAX_LISTED_PROBLEMS + 5]);
  });

  it('hands out copies: a later record does not change counts already read', () => {
    const tally = new ReplayTally();
    tally.add(at(1), { outcome: 'applied', type: 'subject-registry.subject-registered', tableChanges: { inbox: { inserted: 1, updated: 0, deleted: 0 } } });
    const first = tally.counts();
    tally.add(at(2), { outcome: 'applied', type: 'subject-registry.subject-registered', tableChanges: { inbox: { inserted: 1, updated: 0, deleted: 0 } } });
    expect([first.processed, first.tableChanges.inbox.inserted]).toEqual([1, 1]);
  });

  it('typeLabel: contract types as they are, others collapsed', () => {
    expect(typeLabel('ops.events-replayed')).toBe('ops.events-replayed');
    expect(eventRegistry.latestVersion('ops.events-replayed')).toBe(1);
    expect(typeLabel('nobody.knows-this')).toBe('unregistered');
    expect(typeLabel(undefined)).toBe('unreadable');
    expect(typeLabel('any', () => true)).toBe('any');
  });
});

describe('tableDeltas: the rows one record changed, from two readings of pg_stat_xact_user_tables', () => {
  const reading = (rows: [string, string, number, number, number][]) =>
    tableCountersOf(rows.map(([schemaname, relname, ins, upd, del]) => ({ schemaname, relname, ins: String(ins), upd: String(upd), del: String(del) })));

  it('per table, only what changed, tables of another schema qualified, sorted', () => {
    const before = reading([
      ['public', 'inbox', 3, 0, 0],
      ['public', 'subject_views', 1, 4, 0],
    ]);
    const after = reading([
      ['public', 'inbox', 4, 0, 0],
      ['public', 'subject_views', 1, 5, 0],
      ['public', 'subject_events', 1, 0, 0],
      ['repair', 'clearances', 0, 0, 2],
      ['public', 'idle', 0, 0, 0],
    ]);
    expect(tableDeltas(before, after)).toEqual({
      inbox: { inserted: 1, updated: 0, deleted: 0 },
      'repair.clearances': { inserted: 0, updated: 0, deleted: 2 },
      subject_events: { inserted: 1, updated: 0, deleted: 0 },
      subject_views: { inserted: 0, updated: 1, deleted: 0 },
    });
    expect(Object.keys(tableDeltas(before, after))).toEqual(['inbox', 'repair.clearances', 'subject_events', 'subject_views']);
    expect(tableDeltas(after, after)).toEqual({});
  });
});
