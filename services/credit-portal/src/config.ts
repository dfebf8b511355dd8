import { SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';

export const DEFAULT_CONSUMER_GROUP = 'credit-portal';

/** credit-portal's own settings, validated at start-up with the platform's variables. */
export class CreditPortalEnv extends SubjectKeyEnv {
}

export class CreditPortalConfig extends SubjectKeyConfig {}

