import { TOPICS } from '@credit/contracts';
import { CalendarEventsModule, PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { AdministrativeActionsModule } from './actions/actions.module';
import { BatchModule } from './batch/batch.module';
import { CatalogModule } from './catalog/catalog.module';
import { CorrectionsModule } from './corrections/corrections.module';
import { DEFAULT_CONSUMER_GROUP, DoublePublicityEnv } from './config';
import { LicensesModule } from './licenses/licenses.module';
import { doublePublicityMigrations } from './migrations/1732190000000-double-publicity';
import { ObjectionsModule } from './objections/objections.module';
import { PenaltiesModule } from './penalties/penalties.module';
import { QualityModule } from './quality/quality.module';
import { ReactionsModule } from './reactions/reactions.module';
import { SchedulesModule } from './schedules/schedules.module';
import { SubjectsModule } from './subjects/subjects.module';
import { TimelinessModule } from './records/timeliness.module';
import { doublePublicityProjections } from './rebuild/rebuildable-projections';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'double-publicity',
      defaultPort: 3002,
      migrations: doublePublicityMigrations,
      configSchema: DoublePublicityEnv,
      consumer: {
        // Read here because the consumer is declared with the module; its shape is validated with the
        // rest of DoublePublicityEnv at start-up. Tests and replays run under their own group.
        groupId: DEFAULT_CONSUMER_GROUP,
        // The calendar's publications arrive on the reference topic.
        topics: [TOPICS.subjectEvents, TOPICS.reference],
      },
    }),
    PenaltiesModule,
    CatalogModule,
    LicensesModule,
    BatchModule,
    ObjectionsModule,
    ReactionsModule,
    SchedulesModule,
    QualityModule,
    AdministrativeActionsModule,
    CorrectionsModule,
    SubjectsModule,
    TimelinessModule,
    CalendarEventsModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: doublePublicityProjections }],
})
export class AppModule {}
