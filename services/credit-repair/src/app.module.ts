import { TOPICS } from '@credit/contracts';
import { CalendarEventsModule, PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { CreditRepairConfig, DEFAULT_CONSUMER_GROUP, CreditRepairEnv } from './config';
import { creditRepairMigrations } from './migrations/1732200000000-credit-repair';
import { EffectFailures1732200000100 } from './migrations/1732200000100-effect-failures';
import { DueByCalendar1732200000200 } from './migrations/1732200000200-due-by-calendar';
import { DecidingUnits1732200000300 } from './migrations/1732200000300-deciding-units';
import { CommitmentClosures1732200000400 } from './migrations/1732200000400-commitment-closures';
import { ReactionsModule } from './reactions/reactions.module';
import { RepairsModule } from './repairs/repairs.module';
import { creditRepairProjections } from './rebuild/rebuildable-projections';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'credit-repair',
      defaultPort: 3006,
      migrations: [...creditRepairMigrations, EffectFailures1732200000100, DueByCalendar1732200000200, DecidingUnits1732200000300, CommitmentClosures1732200000400],
      configSchema: CreditRepairEnv,
      // Eligibility records and the acknowledgements of each repair arrive on the subject topic, the
      // calendar's publications on the reference topic.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents, TOPICS.reference] },
    }),
    CommonModule,
    RepairsModule,
    ReactionsModule,
    CalendarEventsModule,
  ],
  // The effects' deadlines follow the configured delay, as on the live path.
  providers: [{ provide: REBUILDABLE_PROJECTIONS, inject: [CreditRepairConfig], useFactory: creditRepairProjections }],
})
export class AppModule {}
