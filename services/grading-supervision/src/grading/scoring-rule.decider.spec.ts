import { DomainRuleError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { scoringRuleDecider } from './scoring-rule.decider';
import { SCORING_RULE_V1, weightsOf } from './scoring.rules';

const spec = deciderSpec(scoringRuleDecider);
const define = (effectiveFrom: string) => ({ type: 'DefineRule' as const, data: { effectiveFrom, weights: weightsOf(SCORING_RULE_V1), reason: '市信用办〔2026〕5号', today: '2026-12-07' } });

describe('scoring rule versions', () => {
  it('numbers versions after the seeded version 1', () => {
    const first = spec.given([]).when(define('2026-12-07')).events();
    expect(first[0].data).toMatchObject({ version: 2, effectiveFrom: '2026-12-07' });
    expect(spec.given(first).when(define('2027-01-01')).events()[0].data.version).toBe(3);
  });

  it('refuses a version effective before today (422, allowed from today)', () => {
    spec.given([]).when(define('2026-12-06')).thenThrows(DomainRuleError, 'scoring-rule.effective-from');
  });
});
