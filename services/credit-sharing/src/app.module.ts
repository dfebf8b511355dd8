import { TOPICS } from '@credit/contracts';
import { CalendarEventsModule, PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CreditSharingEnv, DEFAULT_CONSUMER_GROUP } from './config';
import { CreditSharing1796700000000 } from './migrations/1796700000000-credit-sharing';
import { Monitoring1796700000100 } from './migrations/1796700000100-monitoring';
import { creditSharingProjections } from './rebuild/rebuildable-projections';
import { SharingModule } from './sharing.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'credit-sharing',
      defaultPort: 3009,
      migrations: [CreditSharing1796700000000, Monitoring1796700000100],
      configSchema: CreditSharingEnv,
      // The public side of an institution's answer is the website's fold of the subject events;
      // monitoring counts double-publicity's records (subject topic), refusals and catalogs (reference data),
      // and the calendar's publications decide the monthly report's first working day.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents, TOPICS.reference] },
    }),
    SharingModule,
    CalendarEventsModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: creditSharingProjections }],
})
export class AppModule {}
