import { DomainRuleError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { industryEvaluationDecider, industryEvaluationStream } from './industry-evaluation.decider';

const spec = deciderSpec(industryEvaluationDecider);
const evaluation = (evaluationId: string, grade: 'A' | 'B' | 'C' | 'D', validUntil = '2027-12-31') => ({
  type: 'RecordEvaluation' as const,
  data: {
    evaluationId,
    subjectCode: '91450100MA5K12347C',
    department: { name: '南宁市住房和城乡建设局', code: '11450100007712342F' },
    industry: '建筑业',
    grade,
    validUntil,
    basis: '建筑市场主体信用评价办法',
    recordedOn: '2026-12-07',
  },
});

describe('industry evaluation decider', () => {
  it('records an evaluation, and a later one replaces it', () => {
    const first = spec.given([]).when(evaluation('e-1', 'C')).events();
    expect(first[0].data).toMatchObject({ evaluationId: 'e-1', grade: 'C' });
    expect(first[0].data.supersedes).toBeUndefined();
    const second = spec.given(first).when(evaluation('e-2', 'A')).events();
    expect(second[0].data).toMatchObject({ evaluationId: 'e-2', grade: 'A', supersedes: 'e-1' });
  });

  it('adds nothing for the same evaluation again', () => {
    const first = spec.given([]).when(evaluation('e-1', 'B')).events();
    spec.given(first).when(evaluation('e-9', 'B')).then([]);
  });

  it('refuses an evaluation no longer valid (422)', () => {
    spec.given([]).when(evaluation('e-1', 'B', '2026-12-06')).thenThrows(DomainRuleError, 'industry-evaluation.expired');
  });

  it('keeps one stream per department, industry and subject', () => {
    expect(industryEvaluationStream('D', '建筑业', 'S')).not.toBe(industryEvaluationStream('D', '道路运输', 'S'));
  });
});
