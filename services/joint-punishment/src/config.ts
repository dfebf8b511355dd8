import { assertSubjectKeySecret } from '@credit/domain-kernel';
import { IsString, MinLength } from 'class-validator';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'joint-punishment';

/** joint-punishment's own settings, validated at start-up with the platform's variables. */
export class JointPunishmentEnv {
  /**
   * Key of the HMAC that turns a natural person's ID number into a subject key: the same secret as
   * subject-registry's, so that a person listed here is the person registered there.
   */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

}

export class JointPunishmentConfig {
  readonly subjectKeySecret: string;

  constructor(env: JointPunishmentEnv) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
  }
}

