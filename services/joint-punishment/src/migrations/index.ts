import { jointPunishmentMigrations } from './1732190000000-joint-punishment';
import { MeasureExecutions1732200000000 } from './1732200000000-measure-executions';
import { NominationProposals1732200000100 } from './1732200000100-nomination-proposals';
import { WithdrawnRecords1732200000200 } from './1732200000200-withdrawn-records';
import { CommitmentNominations1732200000300 } from './1732200000300-commitment-nominations';
import { CatalogsNominations1732200000400 } from './1732200000400-catalogs-nominations';
import { CreditCheckGrades1732200000900 } from './1732200000900-credit-check-grades';
import { MeasureVersions1732200000500 } from './1732200000500-measure-versions';
import { WebsiteCleared1732200001000 } from './1732200001000-website-cleared';
import { CommitmentConsequences1732200001100 } from './1732200001100-commitment-consequences';

/** In order; the platform runs the pending ones at start-up. */
export const jointPunishmentServiceMigrations = [
  ...jointPunishmentMigrations,
  MeasureExecutions1732200000000,
  NominationProposals1732200000100,
  WithdrawnRecords1732200000200,
  CommitmentNominations1732200000300,
  CatalogsNominations1732200000400,
  MeasureVersions1732200000500,
  CreditCheckGrades1732200000900,
  WebsiteCleared1732200001000,
  CommitmentConsequences1732200001100,
];
