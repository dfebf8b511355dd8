import type { SubjectIdentity } from '@credit/credit-rules';
import { assertSubjectKeySecret } from '@credit/domain-kernel';
import type { PlatformConfig } from '@credit/platform';
import { IsString, MinLength } from 'class-validator';

/** commitments' own settings, validated at start-up with the platform's variables. */
export class CommitmentsEnv {
  /**
   * Key of the HMAC that turns a natural person's ID number into a subject key: the same secret as
   * subject-registry's, so that a person committing here is the person registered there.
   */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;
}

export class CommitmentsConfig {
  readonly subjectKeySecret: string;
  /** Subject codes resolved as every service resolves them: this secret, the platform's USCC_ALLOW_LIST. */
  readonly subjectIdentity: SubjectIdentity;

  constructor(env: CommitmentsEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.subjectIdentity = platform.subjectIdentity(env.SUBJECT_KEY_SECRET);
  }
}
