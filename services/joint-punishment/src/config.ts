import { type PlatformConfig, SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'joint-punishment';

/** How often the expiry scan (修复退出 on validUntil) runs; it also runs once at start-up. */
export const DEFAULT_LIST_EXPIRY_SCAN_SECONDS = 300;

/** How often the monthly feedback scan runs (it compiles each ended month once); it also runs at start-up. */
export const DEFAULT_FEEDBACK_SCAN_SECONDS = 3600;

/** joint-punishment's own settings, validated at start-up with the platform's variables. */
export class JointPunishmentEnv extends SubjectKeyEnv {
  /** Seconds between two scans for list entries whose validUntil has passed. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  LIST_EXPIRY_SCAN_SECONDS?: number;

  /** Seconds between two scans for ended months whose feedback report is not compiled yet. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  FEEDBACK_SCAN_SECONDS?: number;

  /**
   * The first month (YYYY-MM) the monthly feedback is compiled for; default: the month of the
   * first measure applied here.
   */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'FEEDBACK_FIRST_MONTH must be YYYY-MM' })
  FEEDBACK_FIRST_MONTH?: string;
}

export class JointPunishmentConfig extends SubjectKeyConfig {
  readonly expiryScanSeconds: number;
  readonly feedbackScanSeconds: number;
  readonly feedbackFirstMonth: string | null;

  constructor(env: JointPunishmentEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    super(env, platform);
    this.expiryScanSeconds = Number(env.LIST_EXPIRY_SCAN_SECONDS ?? DEFAULT_LIST_EXPIRY_SCAN_SECONDS);
    this.feedbackScanSeconds = Number(env.FEEDBACK_SCAN_SECONDS ?? DEFAULT_FEEDBACK_SCAN_SECONDS);
    this.feedbackFirstMonth = env.FEEDBACK_FIRST_MONTH ?? null;
  }
}

