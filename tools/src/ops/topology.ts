import { devEnv, mintToken, serviceCatalog } from '@credit/testing';

/** Where one service keeps its state, as the operator's tool reaches it. */
export interface ServiceEndpoint {
  name: string;
  databaseUrl: string;
  /** The service's consumer group (absent for a service that consumes nothing). */
  consumerGroup?: string;
  /** The service's base URL, for the commands that change state (through its audited ops endpoints). */
  url?: string;
}

export interface Topology {
  services: ServiceEndpoint[];
  kafkaBrokers: string[];
  /** A Bearer token with role ops for the audited endpoints (OPS_TOKEN, else minted by the CLI from AUTH_JWT_SECRET). */
  opsToken?: () => Promise<string>;
  /** The services' SUBJECT_KEY_SECRET: to find a natural person's events by the ID number given. */
  subjectKeySecret?: string;
  /** The pilot USCCs the services accept despite their check character (USCC_ALLOW_LIST). */
  usccAllowList?: string;
}

/** The services that consume events, under their default group (KAFKA_CONSUMER_GROUP overrides it per deployment). */
const CONSUMING = new Set(['subject-registry', 'double-publicity', 'grading-supervision', 'joint-punishment', 'credit-repair', 'credit-portal', 'national-connector', 'credit-sharing']);

/**
 * The platform as the services themselves are configured: the environment first, then the local
 * stack's deploy/local/dev.env. A service's database is `OPS_DATABASE_URL_<NAME>` (e.g.
 * OPS_DATABASE_URL_CREDIT_REPAIR) when set, else `$DATABASE_URL_BASE/credit_<name>`; its group is
 * `OPS_CONSUMER_GROUP_<NAME>` when set, else the service's default; its URL `OPS_URL_<NAME>`, else
 * the local port of deploy/local/services.txt.
 */
export function topologyFromEnvironment(env: NodeJS.ProcessEnv = process.env): Topology {
  const settings = { ...devEnv(), ...definedOnly(env) };
  const base = (settings.DATABASE_URL_BASE ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
  const services = serviceCatalog().map(({ name, database, port }) => {
    const suffix = name.toUpperCase().replace(/-/g, '_');
    return {
      name,
      databaseUrl: settings[`OPS_DATABASE_URL_${suffix}`] ?? `${base}/${database}`,
      url: settings[`OPS_URL_${suffix}`] ?? `http://127.0.0.1:${port}`,
      ...(CONSUMING.has(name) && { consumerGroup: settings[`OPS_CONSUMER_GROUP_${suffix}`] ?? name }),
    };
  });
  const secret = settings.AUTH_JWT_SECRET;
  const unit = settings.OPS_UNIT_CODE ?? settings.SERVICE_UNIT_CODE;
  const opsToken = settings.OPS_TOKEN
    ? async () => settings.OPS_TOKEN!
    : secret && unit
      ? () => mintToken({ sub: unit, name: 'credit-ops', roles: ['ops'], secret, expiresIn: '10m' })
      : undefined;
  return { services, kafkaBrokers: (settings.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()), ...(opsToken && { opsToken }), ...(settings.SUBJECT_KEY_SECRET && { subjectKeySecret: settings.SUBJECT_KEY_SECRET }), ...(settings.USCC_ALLOW_LIST && { usccAllowList: settings.USCC_ALLOW_LIST }) };
}

const definedOnly = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
