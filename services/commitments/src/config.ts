import { assertSubjectKeySecret } from '@credit/domain-kernel';
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

  constructor(env: CommitmentsEnv) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
  }
}
