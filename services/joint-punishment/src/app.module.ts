import { TOPICS } from '@credit/contracts';
import { PlatformModule } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, JointPunishmentEnv } from './config';
import { CommonModule } from './common/common.module';
import { CreditCheckModule } from './credit-check/credit-check.module';
import { ListEntriesModule } from './list-entries/list-entries.module';
import { MeasuresModule } from './measures/measures.module';
import { jointPunishmentMigrations } from './migrations/1732190000000-joint-punishment';
import { ReactionsModule } from './reactions/reactions.module';
import { ExpiryModule } from './expiry/expiry.module';
import { FeedbackModule } from './feedback/feedback.module';
import { MeasureExecutionsModule } from './measure-executions/measure-executions.module';
import { MeasureExecutions1732200000000 } from './migrations/1732200000000-measure-executions';
import { NominationProposals1732200000100 } from './migrations/1732200000100-nomination-proposals';
import { NominationsModule } from './nominations/nominations.module';
import { WithdrawnRecords1732200000200 } from './migrations/1732200000200-withdrawn-records';
import { CommitmentNominations1732200000300 } from './migrations/1732200000300-commitment-nominations';
import { CatalogsNominations1732200000400 } from './migrations/1732200000400-catalogs-nominations';
import { CatalogModule } from './catalog/catalog.module';
import { CreditCheckGrades1732200000900 } from './migrations/1732200000900-credit-check-grades';
import { MeasureVersions1732200000500 } from './migrations/1732200000500-measure-versions';
import { WebsiteCleared1732200001000 } from './migrations/1732200001000-website-cleared';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'joint-punishment',
      defaultPort: 3005,
      migrations: [...jointPunishmentMigrations, MeasureExecutions1732200000000, NominationProposals1732200000100, WithdrawnRecords1732200000200, CommitmentNominations1732200000300, CatalogsNominations1732200000400, MeasureVersions1732200000500, CreditCheckGrades1732200000900, WebsiteCleared1732200001000],
      configSchema: JointPunishmentEnv,
      // Repairs and publicity withdrawals arrive on the subject topic (architecture.md, "The repair, end to end").
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    CommonModule,
    CatalogModule,
    MeasuresModule,
    ListEntriesModule,
    CreditCheckModule,
    ReactionsModule,
    MeasureExecutionsModule,
    FeedbackModule,
    ExpiryModule,
    NominationsModule,
  ],
})
export class AppModule {}
