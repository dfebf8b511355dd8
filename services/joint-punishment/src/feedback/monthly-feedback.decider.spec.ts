import { monthlyFeedbackDecider, monthsBetween, previousMonth } from './monthly-feedback.decider';
import { monthlyFeedback } from './feedback.rules';

describe('monthly feedback compilation', () => {
  it('compiles a month once', () => {
    const report = monthlyFeedback('2025-09', [], [], [], []);
    const first = monthlyFeedbackDecider.decide({ type: 'CompileMonthlyFeedback', data: report }, monthlyFeedbackDecider.initialState());
    expect(first).toEqual([{ type: 'joint-punishment.monthly-feedback-compiled', data: report }]);
    const state = first.reduce(monthlyFeedbackDecider.evolve, monthlyFeedbackDecider.initialState());
    expect(monthlyFeedbackDecider.decide({ type: 'CompileMonthlyFeedback', data: report }, state)).toEqual([]);
  });

  it('catches up every ended month after downtime, December rolling over', () => {
    expect(previousMonth('2026-01-05')).toBe('2025-12');
    expect(previousMonth('2026-11-21')).toBe('2026-10');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });
});
