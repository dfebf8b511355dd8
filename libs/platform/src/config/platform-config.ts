import 'reflect-metadata';
import { parseUsccAllowList, subjectIdentity, type SubjectIdentity } from '@credit/credit-rules';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/** host:port, where host is a name, an IPv4 address or a bracketed IPv6 address. */
const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
/** The size syntax of body-parser (`100kb`, `2mb`, or a bare number of bytes). */
const BYTE_SIZE = /^\d+(?:\.\d+)?\s*(?:b|kb|mb|gb)?$/i;

const PORT_RANGE = '$property must be an integer port number between 1 and 65535';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const parseBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

const splitList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

/** Why a `USCC_ALLOW_LIST` value cannot be read (the entry named), or undefined when it can. */
function allowListProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'USCC_ALLOW_LIST must be a list of unified social credit codes';
  try {
    parseUsccAllowList(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A `USCC_ALLOW_LIST` as credit-rules reads it: every entry shaped like a USCC. */
const IsUsccAllowList = (): PropertyDecorator =>
  ValidateBy({
    name: 'isUsccAllowList',
    validator: {
      validate: (value: unknown) => allowListProblem(value) === undefined,
      defaultMessage: (args) => allowListProblem(args?.value) ?? '$property is invalid',
    },
  });

/**
 * The environment variables every service reads, validated before anything connects anywhere, so a
 * bad deployment fails with the variable's name instead of a stack trace from a later failure.
 * Property names are the variable names; values are already converted (numbers, lists).
 */
export class PlatformConfig {
  /** Name of the service, from `PlatformModule.forRoot`: used in logs, health and as the PostgreSQL application name. */
  serviceName: string;

  @Type(() => Number)
  @IsInt({ message: PORT_RANGE })
  @Min(1, { message: PORT_RANGE })
  @Max(65535, { message: PORT_RANGE })
  PORT: number;

  @IsString()
  @MinLength(1, { message: '$property must not be empty' })
  HOST = '127.0.0.1';

  @IsDefined({ message: '$property is required (postgres://user@host:port/database)' })
  @Matches(/^postgres(?:ql)?:\/\/\S+$/, { message: '$property must be a postgres:// URL' })
  DATABASE_URL: string;

  @IsDefined({ message: '$property is required (comma-separated host:port list)' })
  @Transform(splitList)
  @ArrayNotEmpty({ message: '$property must list at least one broker as host:port' })
  @Matches(HOST_PORT, { each: true, message: '$property must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string[];

  /** Partitions of the topics this service creates (1 locally, many in production). */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer of at least 1' })
  @Min(1, { message: '$property must be an integer of at least 1' })
  KAFKA_PARTITIONS = 1;

  /**
   * Copies of each partition of the topics this service creates: 1 on a single local broker, 3 on
   * a production cluster (with the brokers' min.insync.replicas=2 and the producer's acks=all, a
   * write survives the loss of one broker). Like KAFKA_PARTITIONS, it applies only to topics
   * created at start; an existing topic keeps its replication.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer of at least 1' })
  @Min(1, { message: '$property must be an integer of at least 1' })
  KAFKA_REPLICATION_FACTOR = 1;

  /**
   * Put in front of every Kafka topic name (default none): the service produces to, consumes and
   * creates `<prefix>credit.subject-events` etc. while its code keeps the contract's names. Lets a
   * benchmark or a second platform share a broker with a running one without either seeing the
   * other's events (`npm run bench:*` set `bench-<pid>-<time>.`).
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{0,100}$/, { message: '$property may hold letters, digits, ".", "_" and "-" only (at most 100)' })
  KAFKA_TOPIC_PREFIX = '';

  /**
   * Overrides the consumer group a service declares: a second copy of a service (a rebuild of its
   * projections, a test run beside a local platform) reads the topics under its own group.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: '$property may hold letters, digits, ".", "_" and "-" only' })
  KAFKA_CONSUMER_GROUP?: string;

  /** HS256 key shared with the token issuer; not needed when tokens are verified against a JWKS. */
  @ValidateIf((config: PlatformConfig) => !config.AUTH_JWKS_URL || config.AUTH_JWT_SECRET !== undefined)
  @IsDefined({ message: '$property is required unless AUTH_JWKS_URL is set' })
  @IsString()
  @MinLength(32, { message: '$property must be at least 32 characters long' })
  AUTH_JWT_SECRET?: string;

  /** Key set of the production identity provider; when set, tokens are verified against it instead of the secret. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: '$property must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** Expected `iss` claim, checked when set. */
  @IsOptional()
  @IsString()
  AUTH_JWT_ISSUER?: string;

  /** Expected `aud` claim, checked when set. */
  @IsOptional()
  @IsString()
  AUTH_JWT_AUDIENCE?: string;

  /**
   * Longest a token may be valid (its `exp` minus its `iat`, or minus now without `iat`). A token
   * valid for longer is refused: a stolen token must not stay usable for months.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer number of seconds' })
  @Min(60, { message: '$property must be at least 60 seconds' })
  @Max(2_592_000, { message: '$property must be at most 2592000 seconds (30 days)' })
  AUTH_TOKEN_MAX_LIFETIME_SECONDS = 86_400;

  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Largest accepted request body (only JSON is accepted): batches of 1000 records fit in the default. */
  @Matches(BYTE_SIZE, { message: '$property must be a size such as 512kb or 2mb' })
  HTTP_BODY_LIMIT = '2mb';

  /**
   * Deepest nesting of arrays and objects accepted in a JSON body. Checked on the raw text before it
   * is parsed, so that a hostile body of thousands of nested brackets is refused with 400 instead of
   * exhausting the stack of whatever walks the parsed value later. The contract's bodies nest a few
   * levels deep.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 1000' })
  @Min(1, { message: '$property must be an integer from 1 to 1000' })
  @Max(1000, { message: '$property must be an integer from 1 to 1000' })
  HTTP_JSON_MAX_DEPTH = 32;

  /**
   * How many reverse proxies in front of the service add to X-Forwarded-For. 0 (the default) takes
   * the client's address from the connection, which is right when nothing sits in front; behind a
   * gateway every request would otherwise share the gateway's address, and so one per-address budget.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 0 to 10' })
  @Min(0, { message: '$property must be an integer from 0 to 10' })
  @Max(10, { message: '$property must be an integer from 0 to 10' })
  HTTP_TRUST_PROXY = 0;

  /**
   * Requests per minute and client address to the anonymous routes under `api/v1/public/`, above
   * which the service answers 429. 0 turns the limit off.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer of at least 0 (0 = no limit)' })
  @Min(0, { message: '$property must be an integer of at least 0 (0 = no limit)' })
  RATE_LIMIT_PUBLIC_PER_MINUTE = 600;

  /**
   * Write requests (POST, PUT, PATCH, DELETE) per minute and department (the token's `sub`; the
   * client address when the request carries no valid token), above which the service answers 429.
   * 0 turns the limit off.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer of at least 0 (0 = no limit)' })
  @Min(0, { message: '$property must be an integer of at least 0 (0 = no limit)' })
  RATE_LIMIT_WRITE_PER_MINUTE = 1200;

  /**
   * Whether the OpenAPI document and Swagger UI are served at /api/docs. Off by default: the
   * description of every route is of use to developers, and to nobody else on a public network.
   */
  @Transform(parseBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  HTTP_DOCS_ENABLED = false;

  /**
   * When set, /metrics answers only requests with `Authorization: Bearer <METRICS_TOKEN>` (the
   * scraper's); unset, /metrics is open, which suits a local stack only.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: '$property must be at least 16 characters long' })
  @Matches(/^[\x21-\x7e]+$/, { message: '$property must be printable ASCII without spaces' })
  METRICS_TOKEN?: string;

  /** How often the outbox relay looks for newly committed events when it is idle. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer number of milliseconds' })
  @Min(10, { message: '$property must be at least 10 ms' })
  RELAY_POLL_INTERVAL_MS?: number;

  /**
   * Whether this process publishes its stored events to Kafka. Off only for a deliberate reason (a
   * read-only instance, broker maintenance): events then wait in the outbox, none is lost.
   */
  @Transform(parseBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  RELAY_ENABLED = true;

  /** Largest number of PostgreSQL connections this process opens. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer of at least 2' })
  @Min(2, { message: '$property must be an integer of at least 2' })
  DATABASE_POOL_SIZE = 10;

  /**
   * Whether the platform restarts an event consumer the Kafka client gave up on (default true).
   * `false` only to demonstrate what supervision prevents (the fault suite's control run).
   */
  @Transform(parseBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  CONSUMER_SUPERVISION = true;

  /**
   * Partitions an instance's consumer works on at once (default 1). Order holds per partition, so
   * per subject; with more partitions than instances, a value above 1 lets one instance handle
   * several subjects' events side by side instead of queueing them behind each other.
   */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer of at least 1' })
  @Min(1, { message: '$property must be an integer of at least 1' })
  CONSUMER_CONCURRENCY = 1;

  /** A consumer with lag and no record processed for this long counts as down in /health. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer number of seconds' })
  @Min(5, { message: '$property must be at least 5 seconds' })
  CONSUMER_STALL_SECONDS = 60;

  /** How long each /health check may take before it counts as down. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer number of milliseconds' })
  @Min(100, { message: '$property must be at least 100 ms' })
  HEALTH_CHECK_TIMEOUT_MS = 3000;

  /**
   * Early pilot USCCs (domain.md §1) that are legal although the GB 32100 check character rejects
   * them, separated by commas or spaces. Read here, once, for every service: a pilot code accepted at
   * intake is the same subject at repair, in the credit check and on the website. Each entry must be
   * 18 characters of the code alphabet, or the service refuses to start naming the entry.
   */
  @IsOptional()
  @IsUsccAllowList()
  USCC_ALLOW_LIST?: string;

  /** The pilot codes of `USCC_ALLOW_LIST`, normalised (empty when unset). */
  get usccAllowList(): ReadonlySet<string> {
    return parseUsccAllowList(this.USCC_ALLOW_LIST);
  }

  /**
   * The subject-code rules every service resolves codes with: the service's SUBJECT_KEY_SECRET and
   * this deployment's pilot codes (`subjectIdentity(secret).resolve(code)`).
   */
  subjectIdentity(secret: string | Uint8Array): SubjectIdentity {
    return subjectIdentity({ secret, allowList: this.usccAllowList });
  }
}
