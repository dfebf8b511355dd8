import { FieldValidationProblem } from '@credit/platform';
import { scenarioOf } from './scenario-query';

const refusal = (query: Record<string, unknown> | undefined) => {
  try {
    scenarioOf(query);
  } catch (error) {
    expect(error).toBeInstanceOf(FieldValidationProblem);
    return (error as FieldValidationProblem).problem.errors;
  }
  throw new Error('not refused');
};

describe('the scenario query of a credit check', () => {
  it('takes a known scenario', () => {
    expect(scenarioOf({ scenario: 'TENDERING' })).toBe('TENDERING');
  });

  it('refuses a missing, unknown, repeated or miscased scenario naming the field and the rule', () => {
    for (const query of [undefined, {}, { scenario: 'LOTTERY' }, { scenario: ['TENDERING', 'TENDERING'] }, { scenario: 'tendering' }]) {
      expect(refusal(query)).toEqual([{ field: 'scenario', message: expect.stringMatching(/^scenario must be one of .*GOVERNMENT_PROCUREMENT/) }]);
    }
  });

  it('refuses any other parameter, as the validation of every other query does', () => {
    expect(refusal({ scenario: 'TENDERING', page: '2' })).toEqual([{ field: 'page', message: 'property page should not exist' }]);
  });
});
