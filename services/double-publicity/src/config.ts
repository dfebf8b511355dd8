import { parseEncryptionKey, WorkingDayCalendar } from '@credit/domain-kernel';
import { CalendarService, IsUnitCode, PlatformConfig, SERVICE_CONFIG, SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';
import type { Provider } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBase64, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

/** The consumer group of the reactions (api: one group per service); tests run their own group. */
export const DEFAULT_CONSUMER_GROUP = 'double-publicity';

/** double-publicity's own settings, validated at start-up with the platform's variables. */
export class DoublePublicityEnv extends SubjectKeyEnv {
  /** Seconds between two scans for publicity periods that ended (auto-stop, repair-eligible reminder). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  PUBLICITY_SCAN_SECONDS?: number;

  /** Seconds between two scans for objections open after their due time. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  OBJECTION_OVERDUE_SCAN_SECONDS?: number;

  /**
   * AES-256-GCM key (base64 of 32 bytes) sealing a natural person's clear ID number between intake and
   * its hand-off to subject-registry's vault (the only place it is kept).
   */
  @IsBase64()
  @IsNotEmpty()
  PII_ENCRYPTION_KEY: string;

  /** Base URL of subject-registry; without it, hand-offs wait (sealed) until it is configured. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  SUBJECT_REGISTRY_URL?: string;

  /**
   * A Bearer token for subject-registry's vault (role `service`), when an identity provider issues
   * it. Without it, the service signs its own short-lived service token with AUTH_JWT_SECRET, acting
   * for SERVICE_UNIT_CODE.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SUBJECT_REGISTRY_TOKEN?: string;

  /** The unit (USCC) the platform's own service-to-service calls act for: the platform operator. */
  @IsOptional()
  @IsUnitCode()
  SERVICE_UNIT_CODE?: string;

  /** Seconds between two rounds of the vault hand-off relay. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  VAULT_HANDOFF_SCAN_SECONDS?: number;
}

export const DEFAULT_PUBLICITY_SCAN_SECONDS = 300;
export const DEFAULT_OBJECTION_OVERDUE_SCAN_SECONDS = 60;

export class DoublePublicityConfig extends SubjectKeyConfig {
  readonly publicityScanSeconds: number;
  readonly objectionOverdueScanSeconds: number;
  readonly piiEncryptionKey: Buffer;
  readonly vaultHandoff: { url: string | null; token: string | null; serviceUnitCode: string | null; scanSeconds: number };

  /**
   * `calendarSource` is the service's CalendarService (the working-day calendar as published to this
   * service, provisional years computed from the holiday law); the shipped schedules without one.
   * `platform` is the platform's configuration: the pilot codes (USCC_ALLOW_LIST) are read there.
   */
  constructor(
    env: DoublePublicityEnv,
    platform: Pick<PlatformConfig, 'subjectIdentity'>,
    private readonly calendarSource: { readonly calendar: WorkingDayCalendar } = { calendar: new WorkingDayCalendar() },
  ) {
    super(env, platform);
    this.publicityScanSeconds = Number(env.PUBLICITY_SCAN_SECONDS ?? DEFAULT_PUBLICITY_SCAN_SECONDS);
    this.objectionOverdueScanSeconds = Number(env.OBJECTION_OVERDUE_SCAN_SECONDS ?? DEFAULT_OBJECTION_OVERDUE_SCAN_SECONDS);
    this.piiEncryptionKey = parseEncryptionKey(env.PII_ENCRYPTION_KEY);
    this.vaultHandoff = {
      url: env.SUBJECT_REGISTRY_URL?.replace(/\/+$/, '') ?? null,
      token: env.SUBJECT_REGISTRY_TOKEN ?? null,
      serviceUnitCode: env.SERVICE_UNIT_CODE ?? null,
      scanSeconds: Number(env.VAULT_HANDOFF_SCAN_SECONDS ?? 10),
    };
  }

  /** The working-day calendar deadlines are computed on now (domain.md §8). */
  get calendar(): WorkingDayCalendar {
    return this.calendarSource.calendar;
  }
}

/** The service's settings as every feature module provides them (one instance per module, same values). */
export const doublePublicityConfigProvider: Provider = {
  provide: DoublePublicityConfig,
  inject: [SERVICE_CONFIG, PlatformConfig, CalendarService],
  useFactory: (env: DoublePublicityEnv, platform: PlatformConfig, calendar: CalendarService) => new DoublePublicityConfig(env, platform, calendar),
};
