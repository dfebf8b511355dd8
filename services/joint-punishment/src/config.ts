import { assertSubjectKeySecret } from '@credit/domain-kernel';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';

/** The consumer group of the deployed service; see `consumerGroupId`. */
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

  /**
   * Consumer group on credit.subject-events. Left unset in deployments; a replay into fresh
   * projections or a test against a throwaway database names a fresh group, which reads the
   * topic from its start (architecture.md, Operations: replay).
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: '$property must be a Kafka group id (letters, digits, . _ -)' })
  JOINT_PUNISHMENT_CONSUMER_GROUP?: string;
}

export class JointPunishmentConfig {
  readonly subjectKeySecret: string;

  constructor(env: JointPunishmentEnv) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
  }
}

/**
 * Read when the module is declared, before configuration is validated (the consumer options of
 * PlatformModule.forRoot are static); JointPunishmentEnv validates the same variable at start-up.
 */
export function consumerGroupId(env: NodeJS.ProcessEnv = process.env): string {
  return env.JOINT_PUNISHMENT_CONSUMER_GROUP?.trim() || DEFAULT_CONSUMER_GROUP;
}
