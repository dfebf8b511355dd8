import { SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';

/** commitments' own settings, validated at start-up with the platform's variables. */
export class CommitmentsEnv extends SubjectKeyEnv {}

export class CommitmentsConfig extends SubjectKeyConfig {}
