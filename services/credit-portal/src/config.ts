import type { SubjectIdentity } from '@credit/credit-rules';
import { assertSubjectKeySecret } from '@credit/domain-kernel';
import type { PlatformConfig } from '@credit/platform';
import { IsString, MinLength } from 'class-validator';

export const DEFAULT_CONSUMER_GROUP = 'credit-portal';

/** credit-portal's own settings, validated at start-up with the platform's variables. */
export class CreditPortalEnv {
  /** The same HMAC secret as subject-registry's: a natural person's ID number in a URL maps to the same subject key. */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

}

export class CreditPortalConfig {
  readonly subjectKeySecret: string;
  /** Subject codes resolved as every service resolves them: this secret, the platform's USCC_ALLOW_LIST. */
  readonly subjectIdentity: SubjectIdentity;

  constructor(env: CreditPortalEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.subjectIdentity = platform.subjectIdentity(env.SUBJECT_KEY_SECRET);
  }
}

