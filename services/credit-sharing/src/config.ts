import { SubjectKeyConfig, SubjectKeyEnv, type PlatformConfig } from '@credit/platform';
import { normalizeUnitCode } from '@credit/domain-kernel';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';

export const DEFAULT_CONSUMER_GROUP = 'credit-sharing';
/** The longest authorization a subject may give, in days (a year and a day by default). */
export const DEFAULT_MAX_AUTHORIZATION_DAYS = 366;

/** Why a `PERSONAL_AUTHORIZATION_CHANNELS` value cannot be read, or undefined when it can. */
export function channelListProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'PERSONAL_AUTHORIZATION_CHANNELS must be a comma-separated list of unified social credit codes';
  const bad = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && normalizeUnitCode(entry) === null);
  return bad.length === 0 ? undefined : `PERSONAL_AUTHORIZATION_CHANNELS: ${bad.join(', ')} is not a unified social credit code with a valid check character`;
}

/** credit-sharing's own settings, validated at start-up with the platform's variables. */
export class CreditSharingEnv extends SubjectKeyEnv {
  /**
   * The real-name channels (comma-separated USCCs, e.g. the city's 政务服务 app) through which a
   * natural person, identity verified by the channel, grants and revokes authorizations. Unset:
   * natural persons cannot authorize (legal persons always can, with their own token).
   */
  @IsOptional()
  @IsString()
  @ValidateBy({ name: 'isChannelList', validator: { validate: (v: unknown) => channelListProblem(v) === undefined, defaultMessage: (a) => channelListProblem(a?.value) ?? '$property is invalid' } })
  PERSONAL_AUTHORIZATION_CHANNELS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3660)
  MAX_AUTHORIZATION_DAYS?: number;

  /** Seconds between two monitoring rounds (monthly warning rules, the monthly report when due); default 3600. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  MONITORING_SCAN_SECONDS?: number;
}

export class CreditSharingConfig extends SubjectKeyConfig {
  /** Normalized USCCs of the real-name channels. */
  readonly personalAuthorizationChannels: readonly string[];
  readonly maxAuthorizationDays: number;
  readonly monitoringScanSeconds: number;

  constructor(env: CreditSharingEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    super(env, platform);
    this.personalAuthorizationChannels = (env.PERSONAL_AUTHORIZATION_CHANNELS ?? '')
      .split(',')
      .map((entry) => normalizeUnitCode(entry.trim()))
      .filter((code): code is string => code !== null);
    this.maxAuthorizationDays = Number(env.MAX_AUTHORIZATION_DAYS ?? DEFAULT_MAX_AUTHORIZATION_DAYS);
    this.monitoringScanSeconds = Number(env.MONITORING_SCAN_SECONDS ?? 3600);
  }
}
