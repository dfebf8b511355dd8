import { TOPICS } from '@credit/contracts';
import { CalendarEventsModule, PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CommitmentsModule } from './commitments/commitments.module';
import { CommitmentsEnv, DEFAULT_CONSUMER_GROUP } from './config';
import { commitmentsMigrations } from './migrations/1732200000000-commitments';
import { MattersLifecycle1732200000100 } from './migrations/1732200000100-matters-lifecycle';
import { FulfilmentEvidence1732200000200 } from './migrations/1732200000200-fulfilment-evidence';
import { commitmentsProjections } from './rebuild/rebuildable-projections';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'commitments',
      defaultPort: 3003,
      migrations: [...commitmentsMigrations, MattersLifecycle1732200000100, FulfilmentEvidence1732200000200],
      configSchema: CommitmentsEnv,
      // The calendar's publications arrive on the reference topic: verification days follow them.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.reference] },
    }),
    CommitmentsModule,
    CalendarEventsModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: commitmentsProjections }],
})
export class AppModule {}
