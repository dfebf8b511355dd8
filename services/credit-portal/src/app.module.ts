import { TOPICS } from '@credit/contracts';
import { CalendarEventsModule, PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, CreditPortalEnv } from './config';
import { creditPortalMigrations } from './migrations';
import { PublicCalendarModule } from './calendar/calendar.controller';
import { PublicModule } from './public/public.module';
import { PublicInspectionPlansModule } from './inspection/inspection-plans.module';
import { subjectViewsProjection } from './public/subject-views.rebuild';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'credit-portal',
      defaultPort: 3007,
      migrations: creditPortalMigrations,
      configSchema: CreditPortalEnv,
      // The website shows what the subject events say (architecture.md: credit-portal reads all subject events).
      // and the calendar's publications (reference data), which it serves to the public.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents, TOPICS.reference] },
    }),
    PublicModule,
    PublicInspectionPlansModule,
    PublicCalendarModule,
    CalendarEventsModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: [subjectViewsProjection] }],
})
export class AppModule {}
