import type { SubjectIdentity } from '@credit/credit-rules';
import { assertSubjectKeySecret } from '@credit/domain-kernel';
import type { PlatformConfig } from '@credit/platform';
import { IsString, MinLength } from 'class-validator';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'grading-supervision';

/** grading-supervision's own settings, validated at start-up with the platform's variables. */
export class GradingSupervisionEnv {
  /** Same secret as subject-registry's: a natural person's ID number in a path becomes the same subject key. */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

}

export class GradingSupervisionConfig {
  readonly subjectKeySecret: string;
  /** Subject codes resolved as every service resolves them: this secret, the platform's USCC_ALLOW_LIST. */
  readonly subjectIdentity: SubjectIdentity;

  constructor(env: GradingSupervisionEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.subjectIdentity = platform.subjectIdentity(env.SUBJECT_KEY_SECRET);
  }
}

