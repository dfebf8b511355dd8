/**
 * The compiled monthly execution report (跟踪反馈, domain.md §5) handed to the national joint
 * reward-punishment system: one stream per month, `monthly-feedback-<YYYY-MM>`, reference data.
 * Compiled once: a second compilation of the same month adds nothing. Pure: no Nest, no I/O.
 */
import type { MonthlyFeedbackCompiledV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type MonthlyFeedbackEvent = { type: 'joint-punishment.monthly-feedback-compiled'; data: MonthlyFeedbackCompiledV1 };
export type CompileMonthlyFeedback = { type: 'CompileMonthlyFeedback'; data: MonthlyFeedbackCompiledV1 };
export type MonthlyFeedbackState = { compiled: boolean };

export const monthlyFeedbackDecider: Decider<CompileMonthlyFeedback, MonthlyFeedbackEvent, MonthlyFeedbackState> = {
  initialState: () => ({ compiled: false }),
  decide: (command, state) => (state.compiled ? [] : [{ type: 'joint-punishment.monthly-feedback-compiled', data: command.data }]),
  evolve: (state, event) => (event.type === 'joint-punishment.monthly-feedback-compiled' ? { compiled: true } : state),
};

export const monthlyFeedbackStream = (month: string): string => `monthly-feedback-${month}`;

// The month rules live once in @credit/credit-rules (credit-sharing's monitoring reports use them too).
export { monthsBetween, previousMonth } from '@credit/credit-rules';
