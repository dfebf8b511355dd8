import { evaluate, gradeOf, SCORING_RULE_V1, type CreditRecord } from './scoring.rules';

const TODAY = '2026-01-15';
let n = 0;
const penalty = (severity: 'GENERAL' | 'SERIOUS', over: Partial<Extract<CreditRecord, { kind: 'PENALTY' }>> = {}): CreditRecord => ({
  kind: 'PENALTY', recordId: `p-${++n}`, source: 'double-publicity.penalty-published', eventId: `e-${n}`, severity, inPublicity: true, maximumUntil: '2028-01-01', ...over,
});
const entry = (list: 'BLACK' | 'RED', inForce = true): CreditRecord => ({
  kind: 'LIST_ENTRY', recordId: `l-${++n}`, source: 'joint-punishment.list-entry-created', eventId: `e-${n}`, list, inForce,
});
const commitment = (outcome: 'FULFILLED' | 'BREACHED' | 'FALSE'): CreditRecord => ({
  kind: 'COMMITMENT', recordId: `c-${++n}`, source: 'commitments.commitment-fulfilment-recorded', eventId: `e-${n}`, outcome,
});

describe('scoring rule v1', () => {
  it.each<[string, CreditRecord[], number, string]>([
    ['no records', [], 100, 'A'],
    ['one general penalty', [penalty('GENERAL')], 90, 'A'],
    ['two general penalties', [penalty('GENERAL'), penalty('GENERAL')], 80, 'B'],
    ['one serious penalty', [penalty('SERIOUS')], 75, 'B'],
    ['a black list entry', [entry('BLACK')], 60, 'C'],
    ['serious penalty and black entry', [penalty('SERIOUS'), entry('BLACK')], 35, 'D'],
    ['a red entry cannot lift above 100', [entry('RED')], 100, 'A'],
    ['a red entry offsets a general penalty', [penalty('GENERAL'), entry('RED')], 100, 'A'],
    ['a breached and a false commitment', [commitment('BREACHED'), commitment('FALSE')], 70, 'B'],
    ['a fulfilled commitment counts nothing', [commitment('FULFILLED')], 100, 'A'],
    ['floor 0', [entry('BLACK'), entry('BLACK'), entry('BLACK')], 0, 'D'],
    ['withdrawn penalty and exited entry do not count', [penalty('SERIOUS', { inPublicity: false }), entry('BLACK', false)], 100, 'A'],
    ['past its maximum publicity period', [penalty('SERIOUS', { maximumUntil: '2026-01-14' })], 100, 'A'],
    ['on its maximumUntil publicity has stopped: no longer counts', [penalty('SERIOUS', { maximumUntil: TODAY })], 100, 'A'],
    ['the day before maximumUntil is the last day in publicity: still counts', [penalty('SERIOUS', { maximumUntil: '2026-01-16' })], 75, 'B'],
  ])('%s → %d %s', (_name, records, score, grade) => {
    const result = evaluate(records, TODAY);
    expect(result.score).toBe(score);
    expect(result.grade).toBe(grade);
  });

  it('explains the score by its contributing records only', () => {
    const serious = penalty('SERIOUS');
    const result = evaluate([serious, commitment('FULFILLED'), entry('BLACK', false)], TODAY);
    expect(result.factors).toEqual([{ source: 'double-publicity.penalty-published', recordId: serious.recordId, eventId: serious.eventId, effect: -25 }]);
  });

  it('grades at the thresholds', () => {
    expect([90, 89, 70, 69, 50, 49, 0].map((s) => gradeOf(s))).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D']);
    expect(SCORING_RULE_V1.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
  });
});
