import { ConfigValidationError, loadConfig } from './load-config';
import { SubjectKeyEnv } from './subject-key';

/** A service's settings as the services declare them: the shared subject-key variable inherited. */
class ServiceEnv extends SubjectKeyEnv {}

const valid = {
  DATABASE_URL: 'postgres://credit@db.internal:5432/subject_registry',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  AUTH_JWT_SECRET: 'a'.repeat(32),
};

const problemsOf = (env: Record<string, string | undefined>, schema?: new () => object): string[] => {
  try {
    loadConfig(env, { serviceName: 'subject-registry', defaultPort: 3001, schema });
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration validated at start-up', () => {
  it('applies the defaults and converts numbers and lists', () => {
    const { platform } = loadConfig(valid, { serviceName: 'subject-registry', defaultPort: 3001 });
    expect(platform).toMatchObject({
      serviceName: 'subject-registry',
      PORT: 3001,
      HOST: '127.0.0.1',
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'],
      KAFKA_PARTITIONS: 1,
      KAFKA_REPLICATION_FACTOR: 1,
      CONSUMER_CONCURRENCY: 1,
      LOG_LEVEL: 'info',
      HTTP_BODY_LIMIT: '2mb',
      RELAY_ENABLED: true,
    });
    expect(platform.RELAY_POLL_INTERVAL_MS).toBeUndefined();
  });

  it('defaults the HTTP safeguards to what production needs: bounded tokens and bodies, limits on, docs off', () => {
    const { platform } = loadConfig(valid, { serviceName: 'subject-registry', defaultPort: 3001 });
    expect(platform).toMatchObject({
      AUTH_TOKEN_MAX_LIFETIME_SECONDS: 86_400,
      HTTP_JSON_MAX_DEPTH: 32,
      HTTP_TRUST_PROXY: 0,
      RATE_LIMIT_PUBLIC_PER_MINUTE: 600,
      RATE_LIMIT_WRITE_PER_MINUTE: 1200,
      HTTP_DOCS_ENABLED: false,
    });
    expect(platform.METRICS_TOKEN).toBeUndefined();
    const set = loadConfig(
      {
        ...valid,
        AUTH_TOKEN_MAX_LIFETIME_SECONDS: '3600',
        HTTP_JSON_MAX_DEPTH: '8',
        HTTP_TRUST_PROXY: '1',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
        RATE_LIMIT_WRITE_PER_MINUTE: '0',
        HTTP_DOCS_ENABLED: 'true',
        METRICS_TOKEN: 'scraper-token-0123456789',
      },
      { serviceName: 's', defaultPort: 1 },
    ).platform;
    expect(set).toMatchObject({
      AUTH_TOKEN_MAX_LIFETIME_SECONDS: 3600,
      HTTP_JSON_MAX_DEPTH: 8,
      HTTP_TRUST_PROXY: 1,
      RATE_LIMIT_PUBLIC_PER_MINUTE: 0,
      RATE_LIMIT_WRITE_PER_MINUTE: 0,
      HTTP_DOCS_ENABLED: true,
      METRICS_TOKEN: 'scraper-token-0123456789',
    });
  });

  it('names each bad HTTP safeguard setting', () => {
    expect(
      problemsOf({
        ...valid,
        AUTH_TOKEN_MAX_LIFETIME_SECONDS: '31536000',
        HTTP_JSON_MAX_DEPTH: '0',
        HTTP_TRUST_PROXY: 'yes',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '-5',
        RATE_LIMIT_WRITE_PER_MINUTE: 'lots',
        HTTP_DOCS_ENABLED: 'maybe',
        METRICS_TOKEN: 'short',
      }),
    ).toEqual([
      'AUTH_TOKEN_MAX_LIFETIME_SECONDS must be at most 2592000 seconds (30 days)',
      'HTTP_JSON_MAX_DEPTH must be an integer from 1 to 1000',
      'HTTP_TRUST_PROXY must be an integer from 0 to 10',
      'RATE_LIMIT_PUBLIC_PER_MINUTE must be an integer of at least 0 (0 = no limit)',
      'RATE_LIMIT_WRITE_PER_MINUTE must be an integer of at least 0 (0 = no limit)',
      'HTTP_DOCS_ENABLED must be true or false',
      'METRICS_TOKEN must be at least 16 characters long',
    ]);
  });

  it('takes the given values over the defaults', () => {
    const { platform } = loadConfig(
      { ...valid, PORT: '8080', KAFKA_PARTITIONS: '12', KAFKA_REPLICATION_FACTOR: '3', LOG_LEVEL: 'debug', RELAY_POLL_INTERVAL_MS: '250', RELAY_ENABLED: 'false' },
      { serviceName: 's', defaultPort: 3001 },
    );
    expect(platform).toMatchObject({ PORT: 8080, KAFKA_PARTITIONS: 12, KAFKA_REPLICATION_FACTOR: 3, LOG_LEVEL: 'debug', RELAY_POLL_INTERVAL_MS: 250, RELAY_ENABLED: false });
  });

  it('takes the partitions a consumer works on at once, at least 1', () => {
    expect(loadConfig({ ...valid, CONSUMER_CONCURRENCY: '4' }, { serviceName: 's', defaultPort: 3001 }).platform.CONSUMER_CONCURRENCY).toBe(4);
    expect(problemsOf({ ...valid, CONSUMER_CONCURRENCY: '0' })).toEqual(['CONSUMER_CONCURRENCY must be an integer of at least 1']);
  });

  it('takes a Kafka topic prefix of topic-name characters, none by default', () => {
    expect(loadConfig(valid, { serviceName: 's', defaultPort: 3001 }).platform.KAFKA_TOPIC_PREFIX).toBe('');
    expect(loadConfig({ ...valid, KAFKA_TOPIC_PREFIX: 'bench-42-1765.' }, { serviceName: 's', defaultPort: 3001 }).platform.KAFKA_TOPIC_PREFIX).toBe('bench-42-1765.');
    expect(problemsOf({ ...valid, KAFKA_TOPIC_PREFIX: 'bench/1 ' })).toEqual(['KAFKA_TOPIC_PREFIX may hold letters, digits, ".", "_" and "-" only (at most 100)']);
  });

  it('names each bad variable once, in words an operator can act on', () => {
    expect(
      problemsOf({ DATABASE_URL: 'mysql://db/credit', KAFKA_BROKERS: 'kafka-1', AUTH_JWT_SECRET: 'short', KAFKA_PARTITIONS: '0' }),
    ).toEqual([
      'DATABASE_URL must be a postgres:// URL',
      'KAFKA_BROKERS must be a comma-separated list of host:port',
      'KAFKA_PARTITIONS must be an integer of at least 1',
      'AUTH_JWT_SECRET must be at least 32 characters long',
    ]);
  });

  it('reports missing required variables as required, and treats empty values as missing', () => {
    expect(problemsOf({ DATABASE_URL: '', KAFKA_BROKERS: ' ' })).toEqual([
      'DATABASE_URL is required (postgres://user@host:port/database)',
      'KAFKA_BROKERS is required (comma-separated host:port list)',
      'AUTH_JWT_SECRET is required unless AUTH_JWKS_URL is set',
    ]);
  });

  it('does not need the shared secret when tokens are verified against a key set', () => {
    const { AUTH_JWT_SECRET: _secret, ...withoutSecret } = valid;
    expect(problemsOf({ ...withoutSecret, AUTH_JWKS_URL: 'https://idp.example.gov.cn/.well-known/jwks.json' })).toEqual([]);
    expect(problemsOf({ ...withoutSecret, AUTH_JWKS_URL: 'not a url' })).toEqual(['AUTH_JWKS_URL must be an http(s) URL']);
    expect(problemsOf({ ...withoutSecret, AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_JWT_SECRET: 'short' })).toEqual([
      'AUTH_JWT_SECRET must be at least 32 characters long',
    ]);
  });

  it("validates the service's own variables with the platform's, and reads nothing else from the environment", () => {
    expect(problemsOf({ ...valid, SUBJECT_KEY_SECRET: 'short' }, ServiceEnv)).toEqual([
      'SUBJECT_KEY_SECRET must be longer than or equal to 32 characters',
    ]);
    const { service, platform } = loadConfig(
      { ...valid, SUBJECT_KEY_SECRET: 's'.repeat(32), HOME: '/root', PGPASSWORD: 'x' },
      { serviceName: 'subject-registry', defaultPort: 3001, schema: ServiceEnv },
    );
    expect(service).toBeInstanceOf(ServiceEnv);
    expect(service).toEqual({ SUBJECT_KEY_SECRET: 's'.repeat(32) });
    expect(platform).not.toHaveProperty('HOME');
    expect(platform).not.toHaveProperty('PGPASSWORD');
  });

  it('puts every problem in the error message, one line each', () => {
    expect(() => loadConfig({}, { serviceName: 's', defaultPort: 1 })).toThrow(
      /^Invalid configuration: DATABASE_URL is required.*\nInvalid configuration: KAFKA_BROKERS is required/s,
    );
  });
});

describe('the pilot-code allow-list (USCC_ALLOW_LIST), read once for every service', () => {
  const PILOT = '91350100M000100Y44';
  const SECRET = 's'.repeat(32);

  it('given no USCC_ALLOW_LIST, when a service resolves a pilot code, then it is refused', () => {
    const { platform } = loadConfig(valid, { serviceName: 'credit-repair', defaultPort: 3006 });
    expect(platform.usccAllowList).toEqual(new Set());
    expect(platform.subjectIdentity(SECRET).resolve(PILOT)).toMatchObject({ ok: false });
  });

  it('given the code in USCC_ALLOW_LIST (lower case, spaces), when any service resolves it, then it is the subject keyed by its code', () => {
    const { platform } = loadConfig({ ...valid, USCC_ALLOW_LIST: ` ${PILOT.toLowerCase()}, 91450100MA5K12347D ` }, { serviceName: 'credit-repair', defaultPort: 3006 });
    expect(platform.usccAllowList).toEqual(new Set([PILOT, '91450100MA5K12347D']));
    expect(platform.subjectIdentity(SECRET).resolve(PILOT)).toMatchObject({ ok: true, subjectKey: PILOT });
  });

  it('given a malformed entry, when the configuration is loaded, then the start-up stops naming the variable and the entry', () => {
    expect(problemsOf({ ...valid, USCC_ALLOW_LIST: `${PILOT},91350100M00010` })).toEqual([
      "USCC_ALLOW_LIST entry '91350100M00010' is not a unified social credit code: it has 14 characters, a code has 18",
    ]);
  });
});
