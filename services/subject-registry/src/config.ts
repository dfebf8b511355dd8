import { parseEncryptionKey } from '@credit/domain-kernel';
import { type PlatformConfig, SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';
import { IsBase64, IsNotEmpty } from 'class-validator';

/** The subject registry's own settings, validated at start-up with the platform's variables. */
export class SubjectRegistryEnv extends SubjectKeyEnv {
  /** AES-256-GCM key (base64 of 32 bytes) for ID numbers at rest. */
  @IsBase64()
  @IsNotEmpty()
  PII_ENCRYPTION_KEY: string;
}

export class SubjectRegistryConfig extends SubjectKeyConfig {
  readonly piiEncryptionKey: Buffer;

  constructor(env: SubjectRegistryEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    super(env, platform);
    this.piiEncryptionKey = parseEncryptionKey(env.PII_ENCRYPTION_KEY);
  }
}
