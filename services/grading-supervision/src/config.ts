import { assertSubjectKeySecret } from '@credit/domain-kernel';
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

  constructor(env: GradingSupervisionEnv) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
  }
}

