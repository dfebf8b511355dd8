import { assertSubjectKeySecret } from '@credit/domain-kernel';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';

export const DEFAULT_CONSUMER_GROUP = 'credit-portal';

/** credit-portal's own settings, validated at start-up with the platform's variables. */
export class CreditPortalEnv {
  /** The same HMAC secret as subject-registry's: a natural person's ID number in a URL maps to the same subject key. */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

  /** Consumer group on credit.subject-events; a replay or a test names a fresh one. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: '$property must be a Kafka group id (letters, digits, . _ -)' })
  CREDIT_PORTAL_CONSUMER_GROUP?: string;
}

export class CreditPortalConfig {
  readonly subjectKeySecret: string;

  constructor(env: CreditPortalEnv) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
  }
}

/** Read when the module is declared (consumer options are static); CreditPortalEnv validates the same variable. */
export function consumerGroupId(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDIT_PORTAL_CONSUMER_GROUP?.trim() || DEFAULT_CONSUMER_GROUP;
}
