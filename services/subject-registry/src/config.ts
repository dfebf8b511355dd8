import { parseEncryptionKey } from '@credit/domain-kernel';
import { IsBase64, IsNotEmpty, IsOptional, IsString, MinLength } from 'class-validator';

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

  /** Comma-separated pilot codes that are legal but fail the GB 32100 check (domain.md §1). */
  @IsOptional()
  @IsString()
  USCC_ALLOW_LIST?: string;
}

export class SubjectRegistryConfig {
  readonly subjectKeySecret: string;
  readonly piiEncryptionKey: Buffer;
  readonly usccAllowList: ReadonlySet<string>;

  constructor(env: SubjectRegistryEnv) {
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.piiEncryptionKey = parseEncryptionKey(env.PII_ENCRYPTION_KEY);
    this.usccAllowList = new Set(
      (env.USCC_ALLOW_LIST ?? '')
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    );
  }
}
