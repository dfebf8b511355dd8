import { eventRegistry, type GradeRecomputedV1 } from '@credit/contracts';
import { testEnvelope } from '@credit/testing';
import { plan, summariseFactors } from './grading-result.flow';

const recomputed = (data: GradeRecomputedV1, subjectKey = '91450100MA5K12345X') =>
  testEnvelope<GradeRecomputedV1>({ type: 'grading-supervision.grade-recomputed', subjectKey, stream: `grade-${subjectKey}`, data });

describe('grading result flow', () => {
  const factors = [
    { source: 'double-publicity.penalty-published', recordId: 'p-1', effect: -10 },
    { source: 'joint-punishment.list-entry-created', recordId: 'l-1', effect: -30 },
    { source: 'double-publicity.penalty-published', recordId: 'p-2', effect: -5 },
  ];
  const data: GradeRecomputedV1 = { score: 55, grade: 'C', previousGrade: 'B', factors, triggerEventId: 'e-1', triggerType: 'double-publicity.penalty-published', ruleVersion: 3 };

  it('sends the grade, score, rule version, factors summarised and subject to 信用中国', () => {
    const event = recomputed(data);
    expect(eventRegistry.validate(event).ok).toBe(true);
    expect(plan(event)).toEqual([
      {
        target: 'credit-china',
        endpoint: '/grading/results',
        payload: {
          grade: 'C',
          previousGrade: 'B',
          score: 55,
          ruleVersion: 3,
          factors: {
            count: 3,
            totalEffect: -45,
            bySource: [
              { source: 'double-publicity.penalty-published', count: 2, effect: -15 },
              { source: 'joint-punishment.list-entry-created', count: 1, effect: -30 },
            ],
          },
          trigger: { type: 'double-publicity.penalty-published', eventId: 'e-1' },
          computedAt: event.occurredAt,
          subject: { subjectKey: '91450100MA5K12345X' },
        },
      },
    ]);
    expect(JSON.stringify(plan(event))).not.toContain('p-1');
  });

  it('reads a grade computed before rules were versioned as rule version 1, and a natural person by the subject key only', () => {
    const { ruleVersion: _v, ...unversioned } = data;
    const [delivery] = plan(recomputed({ ...unversioned, factors: [], previousGrade: null }, 'NP-hmac-key'));
    expect(delivery.payload).toMatchObject({ ruleVersion: 1, previousGrade: null, factors: { count: 0, totalEffect: 0, bySource: [] }, subject: { subjectKey: 'NP-hmac-key' } });
  });

  it('summarises the factors whatever their order', () => {
    expect(summariseFactors([...factors].reverse())).toEqual(summariseFactors(factors));
  });

  it('plans nothing for another grading event', () => {
    expect(plan(testEnvelope({ type: 'grading-supervision.industry-evaluation-recorded', subjectKey: 'k', stream: 's', data: {} }))).toEqual([]);
  });
});
