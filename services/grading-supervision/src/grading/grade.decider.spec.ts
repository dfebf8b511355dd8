import { gradeDecider, type GradeEvent } from './grade.decider';

const recompute = (triggerEventId: string, score: number, grade: 'A' | 'B' | 'C' | 'D') => ({
  type: 'RecomputeGrade' as const,
  data: { evaluation: { score, grade, factors: [] }, triggerEventId, triggerType: 'joint-punishment.repair-effects-completed' },
});
const given = (events: GradeEvent[]) => events.reduce(gradeDecider.evolve, gradeDecider.initialState());

describe('grade decider', () => {
  it('emits once per trigger, with the previous grade, also when the grade is unchanged', () => {
    const first = gradeDecider.decide(recompute('t-1', 100, 'A'), given([]));
    expect(first[0].data).toMatchObject({ grade: 'A', previousGrade: null, triggerEventId: 't-1' });
    const second = gradeDecider.decide(recompute('t-2', 100, 'A'), given(first));
    expect(second[0].data).toMatchObject({ grade: 'A', previousGrade: 'A', triggerEventId: 't-2' });
    expect(gradeDecider.decide(recompute('t-1', 100, 'A'), given([...first, ...second]))).toEqual([]);
  });
});
