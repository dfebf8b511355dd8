import { deciderSpec } from '@credit/testing';
import { gradeDecider } from './grade.decider';

const recompute = (triggerEventId: string, score: number, grade: 'A' | 'B' | 'C' | 'D') => ({
  type: 'RecomputeGrade' as const,
  data: { evaluation: { score, grade, ruleVersion: 1, factors: [] }, triggerEventId, triggerType: 'joint-punishment.repair-effects-completed' },
});
const spec = deciderSpec(gradeDecider);

describe('grade decider', () => {
  it('emits once per trigger, with the previous grade, also when the grade is unchanged', () => {
    const first = spec.given([]).when(recompute('t-1', 100, 'A')).events();
    expect(first[0].data).toMatchObject({ grade: 'A', previousGrade: null, triggerEventId: 't-1', ruleVersion: 1 });
    const second = spec.given(first).when(recompute('t-2', 100, 'A')).events();
    expect(second[0].data).toMatchObject({ grade: 'A', previousGrade: 'A', triggerEventId: 't-2' });
    spec.given([...first, ...second]).when(recompute('t-1', 100, 'A')).then([]);
  });
});
