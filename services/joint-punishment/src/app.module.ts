import { TOPICS } from '@credit/contracts';
import { PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, JointPunishmentEnv } from './config';
import { CommonModule } from './common/common.module';
import { CreditCheckModule } from './credit-check/credit-check.module';
import { ListEntriesModule } from './list-entries/list-entries.module';
import { MeasuresModule } from './measures/measures.module';
import { ReactionsModule } from './reactions/reactions.module';
import { ExpiryModule } from './expiry/expiry.module';
import { FeedbackModule } from './feedback/feedback.module';
import { MeasureExecutionsModule } from './measure-executions/measure-executions.module';
import { NominationsModule } from './nominations/nominations.module';
import { CatalogModule } from './catalog/catalog.module';
import { jointPunishmentServiceMigrations } from './migrations';
import { jointPunishmentProjections } from './rebuild/rebuildable-projections';

@Module({
  imports: [
    // First: Express tries routes in the order modules are imported, and the credit check is the
    // platform's most frequent call (no other route shares its paths).
    CreditCheckModule,
    PlatformModule.forRoot({
      serviceName: 'joint-punishment',
      defaultPort: 3005,
      migrations: jointPunishmentServiceMigrations,
      configSchema: JointPunishmentEnv,
      // Repairs and publicity withdrawals arrive on the subject topic (architecture.md, "The repair, end to end").
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    CommonModule,
    CatalogModule,
    MeasuresModule,
    ListEntriesModule,
    ReactionsModule,
    MeasureExecutionsModule,
    FeedbackModule,
    ExpiryModule,
    NominationsModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: jointPunishmentProjections }],
})
export class AppModule {}
