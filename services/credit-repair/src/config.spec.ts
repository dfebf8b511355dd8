import { ConfigValidationError, loadConfig, type Environment } from '@credit/platform';
import { CreditRepairConfig, CreditRepairEnv } from './config';

const ENV: Environment = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/credit_repair',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
  SUBJECT_KEY_SECRET: 'a-subject-key-secret-that-is-long-enough-0123',
};

const configOf = (env: Environment) => {
  const loaded = loadConfig(env, { serviceName: 'credit-repair', defaultPort: 3006, schema: CreditRepairEnv });
  return new CreditRepairConfig(loaded.service, loaded.platform);
};

describe('the credit office setting (CREDIT_OFFICE_UNIT_CODE)', () => {
  it('is optional: without it no unit decides beyond the deciding units', () => {
    expect(configOf(ENV).creditOfficeUnitCode).toBeUndefined();
    expect(configOf({ ...ENV, CREDIT_OFFICE_UNIT_CODE: '' }).creditOfficeUnitCode).toBeUndefined();
  });

  it('takes a valid USCC, in upper case', () => {
    expect(configOf({ ...ENV, CREDIT_OFFICE_UNIT_CODE: ' 11450100007712342f ' }).creditOfficeUnitCode).toBe('11450100007712342F');
  });

  it('stops the start-up, naming the variable, on a code whose check character is wrong', () => {
    expect(() => configOf({ ...ENV, CREDIT_OFFICE_UNIT_CODE: '11450100007712342X' })).toThrow(ConfigValidationError);
    expect(() => configOf({ ...ENV, CREDIT_OFFICE_UNIT_CODE: '11450100007712342X' })).toThrow(/CREDIT_OFFICE_UNIT_CODE/);
  });
});
