import type { SubjectIdentity } from '@credit/credit-rules';
import { assertSubjectKeySecret } from '@credit/domain-kernel';
import { IsUnitCode, type PlatformConfig } from '@credit/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'credit-repair';
/** An hour for every effect of an approved repair to be confirmed before the alert is raised. */
export const DEFAULT_EFFECT_DEADLINE_SECONDS = 3600;
/** How often the overdue scan runs. */
export const DEFAULT_OVERDUE_SCAN_SECONDS = 30;

/** credit-repair's own settings, validated at start-up with the platform's variables. */
export class CreditRepairEnv {
  /**
   * Key of the HMAC that turns a natural person's ID number into a subject key: the same secret as
   * the other services', so that the applicant is the person the penalty and list entry name.
   */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

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

export class CreditRepairConfig {
  readonly subjectKeySecret: string;
  /** Subject codes resolved as every service resolves them: this secret, the platform's USCC_ALLOW_LIST. */
  readonly subjectIdentity: SubjectIdentity;
  readonly effectDeadlineSeconds: number;
  readonly overdueScanSeconds: number;
  /** Upper case; undefined when no credit office is configured. */
  readonly creditOfficeUnitCode?: string;

  constructor(env: CreditRepairEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.subjectIdentity = platform.subjectIdentity(env.SUBJECT_KEY_SECRET);
    this.effectDeadlineSeconds = Number(env.REPAIR_EFFECT_DEADLINE_SECONDS ?? DEFAULT_EFFECT_DEADLINE_SECONDS);
    this.overdueScanSeconds = Number(env.REPAIR_OVERDUE_SCAN_SECONDS ?? DEFAULT_OVERDUE_SCAN_SECONDS);
    this.creditOfficeUnitCode = env.CREDIT_OFFICE_UNIT_CODE?.trim().toUpperCase() || undefined;
  }
}

