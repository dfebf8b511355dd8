import type { SubjectIdentity } from '@credit/credit-rules';
import { parseEncryptionKey } from '@credit/domain-kernel';
import type { PlatformConfig } from '@credit/platform';
import { IsBase64, IsNotEmpty, IsString, MinLength } from 'class-validator';

/** The subject registry's own settings, validated at start-up with the platform's variables. */
export class SubjectRegistryEnv {
  /** Key of the HMAC that turns a natural person's ID number into a subject key. */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

  /** AES-256-GCM key (base64 of 32 bytes) for ID numbers at rest. */
  @IsBase64()
  @IsNotEmpty()
  PII_ENCRYPTION_KEY: string;
}

export class SubjectRegistryConfig {
  readonly subjectKeySecret: string;
  readonly piiEncryptionKey: Buffer;
  /** Subject codes resolved as every service resolves them: this secret, the platform's USCC_ALLOW_LIST. */
  readonly subjectIdentity: SubjectIdentity;

  constructor(env: SubjectRegistryEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.piiEncryptionKey = parseEncryptionKey(env.PII_ENCRYPTION_KEY);
    this.subjectIdentity = platform.subjectIdentity(env.SUBJECT_KEY_SECRET);
  }
}
