import { TOPICS } from '@credit/contracts';
import { PlatformModule } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, GradingSupervisionEnv } from './config';
import { GradingModule } from './grading/grading.module';
import { IndustryModule } from './industry/industry.module';
import { InspectionModule } from './inspection/inspection.module';
import { gradingSupervisionMigrations } from './migrations/1732210000000-grading-supervision';
import { ReactionsModule } from './reactions/reactions.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'grading-supervision',
      defaultPort: 3004,
      migrations: gradingSupervisionMigrations,
      configSchema: GradingSupervisionEnv,
      // Penalties, list entries, repairs and commitment findings arrive on the subject topic.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    GradingModule,
    InspectionModule,
    IndustryModule,
    ReactionsModule,
  ],
})
export class AppModule {}
