/**
 * Versions of the scoring rule (domain.md §7: scoring rules are configurable), stream
 * `scoring-rules`, reference data. Version 1 is seeded by migration (it predates the stream), so the
 * first version defined here is 2. A version takes effect on its date, today or later: grades
 * already given stay those of the rule then in effect. Pure: thresholds arrive checked.
 */
import type { ScoringRuleDefinedV1, ScoringRuleWeightsV1 } from '@credit/contracts';
import { DomainRuleError } from '@credit/credit-rules';
import type { Decider } from '@credit/event-store';

export type ScoringRuleEvent = { type: 'grading-supervision.scoring-rule-defined'; data: ScoringRuleDefinedV1 };
export type ScoringRuleCommand = { type: 'DefineRule'; data: { effectiveFrom: string; weights: ScoringRuleWeightsV1; reason: string; today: string } };
export interface ScoringRuleState {
  lastVersion: number;
}

export const SCORING_RULES_STREAM = 'scoring-rules';

export const scoringRuleDecider: Decider<ScoringRuleCommand, ScoringRuleEvent, ScoringRuleState> = {
  initialState: () => ({ lastVersion: 1 }),

  decide(command, state) {
    const { effectiveFrom, weights, reason, today } = command.data;
    if (effectiveFrom < today) {
      throw new DomainRuleError(
        `a scoring rule version takes effect from today (${today}) or a later day, never before: grades already given stay ` +
          `those of the rule then in effect (effectiveFrom ${effectiveFrom})`,
        { rule: 'scoring-rule.effective-from', allowedFrom: today },
      );
    }
    return [{ type: 'grading-supervision.scoring-rule-defined', data: { version: state.lastVersion + 1, effectiveFrom, weights, reason } }];
  },

  evolve(state, event) {
    return event.type === 'grading-supervision.scoring-rule-defined' ? { lastVersion: Math.max(state.lastVersion, event.data.version) } : state;
  },
};
