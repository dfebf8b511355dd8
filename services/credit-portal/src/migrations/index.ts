import { CreditPortal1732210000000 } from './1732210000000-credit-portal';
import { CreditPortalPublicLists1732220000000 } from './1732220000000-public-lists';
import { CreditPortalRepairClearances1732230000000 } from './1732230000000-repair-clearances';
import { CreditPortalCreditReports1732240000000 } from './1732240000000-credit-reports';
import { CreditPortalPublicPublications1732250000000 } from './1732250000000-public-publications';
import { CreditPortalPublicInspectionPlans1732260000000 } from './1732260000000-public-inspection-plans';
import { CreditPortalPublicCommitments1732270000000 } from './1732270000000-public-commitments';

/** In order; the platform runs the pending ones at start-up. */
export const creditPortalMigrations = [CreditPortal1732210000000, CreditPortalPublicLists1732220000000, CreditPortalRepairClearances1732230000000, CreditPortalCreditReports1732240000000, CreditPortalPublicPublications1732250000000, CreditPortalPublicInspectionPlans1732260000000, CreditPortalPublicCommitments1732270000000];
