/**
 * The subject-key settings every service that receives subject codes shares: the HMAC secret
 * (SUBJECT_KEY_SECRET, the same value everywhere, so a natural person is the same subject in every
 * service) and the resolver built from it and the platform's USCC_ALLOW_LIST. A service's own
 * settings extend these two classes.
 */
import type { SubjectIdentity } from '@credit/credit-rules';
import { assertSubjectKeySecret } from '@credit/domain-kernel';
import { IsString, MinLength } from 'class-validator';
import type { PlatformConfig } from './platform-config';

export class SubjectKeyEnv {
  /** Key of the HMAC that turns a natural person's ID number into a subject key: the same secret in every service. */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;
}

export class SubjectKeyConfig {
  readonly subjectKeySecret: string;
  /** Subject codes resolved as every service resolves them: this secret, the platform's USCC_ALLOW_LIST. */
  readonly subjectIdentity: SubjectIdentity;

  constructor(env: SubjectKeyEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    assertSubjectKeySecret(env.SUBJECT_KEY_SECRET);
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.subjectIdentity = platform.subjectIdentity(env.SUBJECT_KEY_SECRET);
  }
}
