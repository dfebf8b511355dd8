import { devEnv, parseEnvFile, serviceCatalog } from './repo';

describe('local stack files', () => {
  it('parses KEY=value lines the way bash sources them', () => {
    expect(parseEnvFile('# comment\n\nA=1\nB=x=y+/==\n  C=spaced  \nnot a line\n1BAD=no\n')).toEqual({ A: '1', B: 'x=y+/==', C: 'spaced' });
  });

  it('dev.env holds the documented development values', () => {
    const env = devEnv();
    expect(env.AUTH_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.SUBJECT_KEY_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(env.PII_ENCRYPTION_KEY, 'base64')).toHaveLength(32);
    expect(Buffer.from(env.PII_ENCRYPTION_KEY, 'base64').toString('base64')).toBe(env.PII_ENCRYPTION_KEY);
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(env.DATABASE_URL_BASE).toBe('postgres://postgres@127.0.0.1:5432');
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.NATIONAL_PLATFORM_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Values stay unquoted and space-free: bash, Node and docker-compose must read the same thing.
    for (const value of Object.values(env)) expect(value).toMatch(/^[^\s"'`$]+$/);
  });

  it('services.txt lists the nine services (the eight of the contract and credit-sharing) with their ports and databases', () => {
    expect(serviceCatalog()).toEqual([
      { name: 'subject-registry', port: 3001, database: 'credit_subject_registry' },
      { name: 'double-publicity', port: 3002, database: 'credit_double_publicity' },
      { name: 'commitments', port: 3003, database: 'credit_commitments' },
      { name: 'grading-supervision', port: 3004, database: 'credit_grading_supervision' },
      { name: 'joint-punishment', port: 3005, database: 'credit_joint_punishment' },
      { name: 'credit-repair', port: 3006, database: 'credit_credit_repair' },
      { name: 'credit-portal', port: 3007, database: 'credit_credit_portal' },
      { name: 'national-connector', port: 3008, database: 'credit_national_connector' },
      { name: 'credit-sharing', port: 3009, database: 'credit_credit_sharing' },
    ]);
  });
});
