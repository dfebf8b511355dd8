import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import type { BackoffSettings } from '@credit/messaging';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'national-connector';

/** national-connector's own settings, validated at start-up with the platform's variables. */
export class NationalConnectorEnv {
  /** Base URL of the national platforms' JSON protocol (the provincial gateway, or the sandbox locally). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  NATIONAL_PLATFORM_URL: string;

  /** A call without an answer after this long counts as a timeout and is retried. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DELIVERY_TIMEOUT_MS: number = 5000;

  /** First retry delay after a 5xx, timeout or connection error; doubled on each further failure. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  DELIVERY_BACKOFF_INITIAL_MS: number = 1000;

  /** Cap of the retry delay. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  DELIVERY_BACKOFF_MAX_MS: number = 60_000;

  /** How often the worker looks for due deliveries. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  DELIVERY_POLL_INTERVAL_MS: number = 500;

  /** Deliveries in flight at once per process (each holds one database connection while calling). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  DELIVERY_CONCURRENCY: number = 4;
}

export class NationalConnectorConfig {
  readonly nationalPlatformUrl: string;
  readonly timeoutMs: number;
  readonly backoff: BackoffSettings;
  readonly pollIntervalMs: number;
  readonly concurrency: number;

  constructor(env: NationalConnectorEnv) {
    this.nationalPlatformUrl = env.NATIONAL_PLATFORM_URL.replace(/\/+$/, '');
    this.timeoutMs = Number(env.DELIVERY_TIMEOUT_MS ?? 5000);
    const initial = Number(env.DELIVERY_BACKOFF_INITIAL_MS ?? 1000);
    this.backoff = { initial, max: Math.max(initial, Number(env.DELIVERY_BACKOFF_MAX_MS ?? 60_000)) };
    this.pollIntervalMs = Number(env.DELIVERY_POLL_INTERVAL_MS ?? 500);
    this.concurrency = Number(env.DELIVERY_CONCURRENCY ?? 4);
  }
}

