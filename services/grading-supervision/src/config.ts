import { SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'grading-supervision';

/** grading-supervision's own settings, validated at start-up with the platform's variables. */
export class GradingSupervisionEnv extends SubjectKeyEnv {
}

export class GradingSupervisionConfig extends SubjectKeyConfig {}

