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

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'joint-punishment',
      defaultPort: 3005,
      migrations: jointPunishmentMigrations,
      configSchema: JointPunishmentEnv,
      // Repairs and publicity withdrawals arrive on the subject topic (architecture.md, "The repair, end to end").
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    CommonModule,
    MeasuresModule,
    ListEntriesModule,
    CreditCheckModule,
    ReactionsModule,
  ],
})
export class AppModule {}
