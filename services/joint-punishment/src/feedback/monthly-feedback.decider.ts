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

/** The `YYYY-MM` months from `first` to `last`, both included (none when first is after last). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let month = first; month <= last; month = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(month);
    m += 1;
    if (m === 13) {
      y += 1;
      m = 1;
    }
  }
  return months;
}

/** The month before the one `today` (`YYYY-MM-DD`) falls in: the last month that has ended. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
