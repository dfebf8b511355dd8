import { assertSubjectKeySecret } from '@credit/domain-kernel';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';

/** The consumer group of the deployed service; see `consumerGroupId`. */
export const DEFAULT_CONSUMER_GROUP = 'grading-supervision';

/** grading-supervision's own settings, validated at start-up with the platform's variables. */
export class GradingSupervisionEnv {
  /** Same secret as subject-registry's: a natural person's ID number in a path becomes the same subject key. */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

  /**
   * Consumer group on credit.subject-events. Left unset in deployments; a replay into fresh
   * projections or a test against a throwaway database names a fresh group.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: '$property must be a Kafka group id (letters, digits, . _ -)' })
  GRADING_SUPERVISION_CONSUMER_GROUP?: string;
}

export class GradingSupervisionConfig {
  readonly subjectKeySecret: string;

  constructor(env: GradingSupervisionEnv) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
  }
}

/** Read when the module is declared (consumer options are static); the Env class validates the same variable. */
export function consumerGroupId(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRADING_SUPERVISION_CONSUMER_GROUP?.trim() || DEFAULT_CONSUMER_GROUP;
}
