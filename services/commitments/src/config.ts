import { SubjectKeyConfig, SubjectKeyEnv, type PlatformConfig } from '@credit/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_DEFICIENCY_SCAN_SECONDS = 300;
/** The consumer group of the calendar's publications (KAFKA_CONSUMER_GROUP overrides it). */
export const DEFAULT_CONSUMER_GROUP = 'commitments';

/** commitments' own settings, validated at start-up with the platform's variables. */
export class CommitmentsEnv extends SubjectKeyEnv {
  /**
   * Seconds between two scans for 容缺受理 commitments whose missing papers were not supplied (no
   * finding recorded) by their verification day: each becomes BREACHED.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  DEFICIENCY_SCAN_SECONDS?: number;
}

export class CommitmentsConfig extends SubjectKeyConfig {
  readonly deficiencyScanSeconds: number;

  constructor(env: CommitmentsEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    super(env, platform);
    this.deficiencyScanSeconds = Number(env.DEFICIENCY_SCAN_SECONDS ?? DEFAULT_DEFICIENCY_SCAN_SECONDS);
  }
}
