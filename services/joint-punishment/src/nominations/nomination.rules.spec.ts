import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitmentProposalsFor, parseNominationRules, proposalsFor, type PenaltyFact } from './nomination.rules';

const rules = parseNominationRules(JSON.parse(readFileSync(join(__dirname, '../../catalog/nomination-rules.json'), 'utf8')));
const penalty = (penaltyId: string, decidedOn: string, severity: 'GENERAL' | 'SERIOUS' = 'GENERAL', violationType = '虚假宣传'): PenaltyFact => ({
  penaltyId,
  decidedOn,
  severity,
  violationType,
});

describe('nomination rules', () => {
  it('proposes a serious penalty, not a general one', () => {
    expect(proposalsFor(rules, penalty('p1', '2025-06-02', 'SERIOUS'), [])).toEqual([
      expect.objectContaining({ ruleCode: 'SERIOUS_PENALTY', list: 'BLACK', groupKey: 'p1', penaltyIds: ['p1'] }),
    ]);
    expect(proposalsFor(rules, penalty('p1', '2025-06-02'), [])).toEqual([]);
  });

  it('proposes the third penalty of one violation type within a year, not of mixed types nor spread over more', () => {
    const first = penalty('p1', '2024-07-01');
    const second = penalty('p2', '2025-01-10');
    expect(proposalsFor(rules, second, [first, second])).toEqual([]);
    const third = penalty('p3', '2025-06-30');
    expect(proposalsFor(rules, third, [first, second, third])).toEqual([
      expect.objectContaining({ ruleCode: 'REPEATED_PENALTIES', groupKey: '虚假宣传', penaltyIds: ['p1', 'p2', 'p3'] }),
    ]);
    const late = penalty('p3', '2025-07-01');
    expect(proposalsFor(rules, late, [first, second, late])).toEqual([]);
    const otherType = penalty('p3', '2025-06-30', 'GENERAL', '无照经营');
    expect(proposalsFor(rules, otherType, [first, second, otherType])).toEqual([]);
  });

  it('counts a serious penalty only in a listed category when the rule names categories', () => {
    const inCategories = parseNominationRules({
      rules: [{ code: 'SERIOUS_REVOCATION', type: 'PENALTY_MATCH', list: 'BLACK', severities: ['SERIOUS'], categories: ['吊销许可证件', '责令关闭'], description: 'x' }],
    });
    const revoked = { ...penalty('p1', '2025-06-02', 'SERIOUS'), categories: ['罚款', '吊销许可证件'] };
    expect(proposalsFor(inCategories, revoked, [revoked])).toEqual([expect.objectContaining({ ruleCode: 'SERIOUS_REVOCATION', penaltyIds: ['p1'] })]);
    const fined = { ...penalty('p2', '2025-06-02', 'SERIOUS'), categories: ['罚款'] };
    expect(proposalsFor(inCategories, fined, [fined])).toEqual([]);
    expect(proposalsFor(inCategories, penalty('p3', '2025-06-02', 'SERIOUS'), [])).toEqual([]);
    // The shipped rule names none: any serious penalty counts.
    expect(proposalsFor(rules, fined, [fined])).toEqual([expect.objectContaining({ ruleCode: 'SERIOUS_PENALTY' })]);
  });

  it('proposes a false commitment, not a kept or breached one', () => {
    expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome: 'FALSE' })).toEqual([
      expect.objectContaining({ ruleCode: 'FALSE_COMMITMENT', list: 'BLACK', groupKey: 'c1', penaltyIds: [], commitmentIds: ['c1'] }),
    ]);
    expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome: 'BREACHED' })).toEqual([]);
    expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome: 'FULFILLED' })).toEqual([]);
    // A commitment finding draws nothing from the penalty rules, and a penalty nothing from the commitment rule.
    expect(proposalsFor(rules, penalty('p1', '2025-06-02'), []).map((d) => d.ruleCode)).not.toContain('FALSE_COMMITMENT');
  });

  describe('a commitment signed under a listed matter follows the matter (承诺事项清单)', () => {
    it('proposes a breach or a false finding of a LIST_NOMINATION matter, a kept one not', () => {
      for (const outcome of ['BREACHED', 'FALSE'] as const) {
        expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome, consequence: 'LIST_NOMINATION' })).toEqual([
          expect.objectContaining({ ruleCode: 'MATTER_LIST_NOMINATION', list: 'BLACK', groupKey: 'c1', penaltyIds: [], commitmentIds: ['c1'] }),
        ]);
      }
      expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome: 'FULFILLED', consequence: 'LIST_NOMINATION' })).toEqual([]);
    });

    it('proposes nothing for a NONE or GRADE_FACTOR matter, even a false commitment (grading counts it)', () => {
      for (const consequence of ['NONE', 'GRADE_FACTOR'] as const) {
        for (const outcome of ['BREACHED', 'FALSE', 'FULFILLED'] as const) {
          expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome, consequence })).toEqual([]);
        }
      }
    });

    it('leaves a commitment without a matter (v1) to the outcome rules, as before', () => {
      expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome: 'FALSE' }).map((d) => d.ruleCode)).toEqual(['FALSE_COMMITMENT']);
      expect(commitmentProposalsFor(rules, { commitmentId: 'c1', outcome: 'BREACHED' })).toEqual([]);
    });

    it('proposes nothing from a matter rule for a penalty', () => {
      expect(proposalsFor(rules, penalty('p1', '2025-06-02', 'SERIOUS'), []).map((d) => d.ruleCode)).toEqual(['SERIOUS_PENALTY']);
    });
  });

  it('refuses malformed rules', () => {
    expect(() => parseNominationRules({ rules: [{ code: 'X', type: 'PENALTY_MATCH', list: 'BLACK', severities: ['SERIOUS'], categories: [] }] })).toThrow(/categories/);
    expect(() => parseNominationRules({ rules: [{ code: 'X', type: 'COMMITMENT_OUTCOME', list: 'BLACK', outcomes: ['FULFILLED'] }] })).toThrow(/outcomes/);
    expect(() => parseNominationRules({ rules: [{ code: 'X', type: 'PENALTY_MATCH', list: 'GREY', severities: ['SERIOUS'] }] })).toThrow(/list/);
    expect(() => parseNominationRules({ rules: [{ code: 'X', type: 'REPEATED_PENALTIES', list: 'BLACK', count: 1, withinDays: 365 }] })).toThrow(/count/);
    expect(() => parseNominationRules({ rules: [{ code: 'X', type: 'LOTTERY', list: 'BLACK' }] })).toThrow(/unknown type/);
    expect(() => parseNominationRules({})).toThrow();
  });
});
