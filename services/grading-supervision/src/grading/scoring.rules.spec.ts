import { evaluate, gradeOf, ruleFromWeights, ruleInEffect, SCORING_RULE_V1, thresholdsRefusal, weightsOf, type CreditRecord } from './scoring.rules';

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
    expect(result.factors).toEqual([
      { source: 'double-publicity.penalty-published', recordId: serious.recordId, eventId: serious.eventId, effect: -25, kind: 'PENALTY', category: 'SERIOUS', weight: -25, contribution: -25 },
    ]);
    expect(result.ruleVersion).toBe(1);
  });

  it('counts 双随机 inspection results by their outcome', () => {
    const inspection = (outcome: 'NO_PROBLEM' | 'PROBLEM_FOUND' | 'NOT_FOUND'): CreditRecord => ({
      kind: 'INSPECTION', recordId: `i-${++n}`, source: 'grading-supervision.inspection-result-recorded', eventId: `e-${n}`, outcome,
    });
    expect(evaluate([inspection('NO_PROBLEM')], TODAY)).toMatchObject({ score: 100, factors: [] });
    expect(evaluate([inspection('PROBLEM_FOUND')], TODAY)).toMatchObject({ score: 90, grade: 'A' });
    expect(evaluate([inspection('NOT_FOUND'), inspection('PROBLEM_FOUND')], TODAY)).toMatchObject({ score: 75, grade: 'B' });
  });

  it('counts an industry evaluation by its grade until its validUntil (inclusive)', () => {
    const evaluation = (grade: 'A' | 'B' | 'C' | 'D', validUntil: string): CreditRecord => ({
      kind: 'INDUSTRY_EVALUATION', recordId: `ie-${++n}`, source: 'grading-supervision.industry-evaluation-recorded', eventId: `e-${n}`, grade, validUntil,
    });
    expect(evaluate([evaluation('D', TODAY)], TODAY)).toMatchObject({ score: 80, grade: 'B', factors: [{ kind: 'INDUSTRY_EVALUATION', category: 'D', weight: -20 }] });
    expect(evaluate([evaluation('D', '2026-01-14')], TODAY)).toMatchObject({ score: 100, factors: [] });
    expect(evaluate([penalty('GENERAL'), evaluation('A', '2027-01-01')], TODAY)).toMatchObject({ score: 95, grade: 'A' });
  });

  it('explains each factor by its weight and what it actually contributed within the bounds', () => {
    // 100 − 10 + 10 + 10 = 110, kept at 100: the last red entry contributes nothing.
    const result = evaluate([penalty('GENERAL'), entry('RED'), entry('RED')], TODAY);
    expect(result.score).toBe(100);
    expect(result.factors.map((f) => [f.weight, f.contribution])).toEqual([[-10, -10], [10, 10], [10, 0]]);
    // 100 − 40 × 3 = −20, kept at 0: the contributions add up to −100.
    const floor = evaluate([entry('BLACK'), entry('BLACK'), entry('BLACK')], TODAY);
    expect(floor.factors.map((f) => f.contribution)).toEqual([-40, -40, -20]);
    for (const r of [result, floor]) expect(r.factors.reduce((sum, f) => sum + f.contribution, 100)).toBe(r.score);
  });

  it('grades by the version in effect on the day: a new version regrades only from its date', () => {
    const v2 = ruleFromWeights(2, '2026-03-01', { ...weightsOf(SCORING_RULE_V1), penalty: { GENERAL: -20, SERIOUS: -40 } });
    const versions = [SCORING_RULE_V1, v2];
    expect(ruleInEffect(versions, '2026-02-28').version).toBe(1);
    expect(ruleInEffect(versions, '2026-03-01').version).toBe(2);
    const records = [penalty('GENERAL')];
    expect(evaluate(records, '2026-02-28', ruleInEffect(versions, '2026-02-28'))).toMatchObject({ score: 90, grade: 'A', ruleVersion: 1 });
    expect(evaluate(records, '2026-03-01', ruleInEffect(versions, '2026-03-01'))).toMatchObject({ score: 80, grade: 'B', ruleVersion: 2 });
    expect(weightsOf(ruleFromWeights(1, '2000-01-01', weightsOf(SCORING_RULE_V1)))).toEqual(weightsOf(SCORING_RULE_V1));
  });

  it('refuses thresholds that cannot grade', () => {
    expect(thresholdsRefusal({ A: 90, B: 70, C: 50 })).toBeNull();
    expect(thresholdsRefusal({ A: 70, B: 90, C: 50 })).toMatch(/A > B > C/);
  });

  it('grades at the thresholds', () => {
    expect([90, 89, 70, 69, 50, 49, 0].map((s) => gradeOf(s))).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D']);
    expect(SCORING_RULE_V1.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
  });
});
