import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUrl, Matches, Max, Min } from 'class-validator';
import type { BackoffSettings } from '@credit/messaging';
import { DAILY_AT_PATTERN } from './reconciliation/reconciliation';

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

  /**
   * When (HH:MM, Asia/Shanghai) the daily reconciliation compares the previous day's deliveries
   * with what the national platforms hold; `off` runs none (operations still start runs by hand).
   */
  @IsOptional()
  @Matches(new RegExp(`${DAILY_AT_PATTERN.source}|^off$`), { message: 'RECONCILIATION_DAILY_AT must be HH:MM or off' })
  RECONCILIATION_DAILY_AT: string = '02:30';

  /** Whether the daily run delivers again what it finds missing or FAILED (same Idempotency-Key). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '$property must be true or false' })
  RECONCILIATION_DAILY_REDELIVER: boolean = true;
}

export class NationalConnectorConfig {
  readonly nationalPlatformUrl: string;
  readonly timeoutMs: number;
  readonly backoff: BackoffSettings;
  readonly pollIntervalMs: number;
  readonly concurrency: number;
  /** HH:MM in Asia/Shanghai, or null: no daily reconciliation. */
  readonly reconciliationDailyAt: string | null;
  readonly reconciliationDailyRedeliver: boolean;

  constructor(env: NationalConnectorEnv) {
    this.nationalPlatformUrl = env.NATIONAL_PLATFORM_URL.replace(/\/+$/, '');
    this.timeoutMs = Number(env.DELIVERY_TIMEOUT_MS ?? 5000);
    const initial = Number(env.DELIVERY_BACKOFF_INITIAL_MS ?? 1000);
    this.backoff = { initial, max: Math.max(initial, Number(env.DELIVERY_BACKOFF_MAX_MS ?? 60_000)) };
    this.pollIntervalMs = Number(env.DELIVERY_POLL_INTERVAL_MS ?? 500);
    this.concurrency = Number(env.DELIVERY_CONCURRENCY ?? 4);
    const dailyAt = env.RECONCILIATION_DAILY_AT ?? '02:30';
    this.reconciliationDailyAt = dailyAt === 'off' ? null : dailyAt;
    this.reconciliationDailyRedeliver = env.RECONCILIATION_DAILY_REDELIVER ?? true;
  }
}

