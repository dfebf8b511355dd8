import { CREDIT_CHECK_SCENARIOS, type CreditCheckScenario } from '@credit/contracts';
import { FieldValidationProblem, type ProblemField } from '@credit/platform';

const SCENARIOS: ReadonlySet<string> = new Set(CREDIT_CHECK_SCENARIOS);
const SCENARIO_RULE = `scenario must be one of ${CREDIT_CHECK_SCENARIOS.join(', ')}`;

/**
 * The query of a single credit check: `scenario` (one of the workflows) and nothing else, refused
 * as the platform's validation pipe refuses a DTO (400 problem naming each field and rule), checked
 * by hand: this is the platform's most frequent call.
 */
export function scenarioOf(query: Record<string, unknown> | undefined): CreditCheckScenario {
  const errors: ProblemField[] = [];
  if (query !== undefined) {
    for (const key in query) {
      if (key !== 'scenario') errors.push({ field: key, message: `property ${key} should not exist` });
    }
  }
  const scenario = query?.scenario;
  if (typeof scenario !== 'string' || !SCENARIOS.has(scenario)) errors.push({ field: 'scenario', message: SCENARIO_RULE });
  if (errors.length > 0) throw new FieldValidationProblem(errors);
  return scenario as CreditCheckScenario;
}
