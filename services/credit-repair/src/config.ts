import { IsUnitCode, type PlatformConfig, SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'credit-repair';
/** An hour for every effect of an approved repair to be confirmed before the alert is raised. */
export const DEFAULT_EFFECT_DEADLINE_SECONDS = 3600;
/** How often the overdue scan runs. */
export const DEFAULT_OVERDUE_SCAN_SECONDS = 30;

/** credit-repair's own settings, validated at start-up with the platform's variables. */
export class CreditRepairEnv extends SubjectKeyEnv {
  /** Seconds after the approval by which each effect must be confirmed, or an overdue alert is raised. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  REPAIR_EFFECT_DEADLINE_SECONDS?: number;

  /** Seconds between two scans for overdue effects. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  REPAIR_OVERDUE_SCAN_SECONDS?: number;

  /**
   * USCC of the city's credit office (信用办). Its reviewers may decide any repair, including those
   * whose deciding unit credit-repair does not know; unset, only the unit that decided the penalty or
   * list entry (and administrators) decides.
   */
  @IsOptional()
  @IsUnitCode()
  CREDIT_OFFICE_UNIT_CODE?: string;
}

export class CreditRepairConfig extends SubjectKeyConfig {
  readonly effectDeadlineSeconds: number;
  readonly overdueScanSeconds: number;
  /** Upper case; undefined when no credit office is configured. */
  readonly creditOfficeUnitCode?: string;

  constructor(env: CreditRepairEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    super(env, platform);
    this.effectDeadlineSeconds = Number(env.REPAIR_EFFECT_DEADLINE_SECONDS ?? DEFAULT_EFFECT_DEADLINE_SECONDS);
    this.overdueScanSeconds = Number(env.REPAIR_OVERDUE_SCAN_SECONDS ?? DEFAULT_OVERDUE_SCAN_SECONDS);
    this.creditOfficeUnitCode = env.CREDIT_OFFICE_UNIT_CODE?.trim().toUpperCase() || undefined;
  }
}

