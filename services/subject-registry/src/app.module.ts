import { TOPICS } from '@credit/contracts';
import { PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CalendarModule } from './calendar/calendar.module';
import { CodeQualityModule } from './code-quality/code-quality.module';
import { SubjectRegistryEnv } from './config';
import { subjectRegistryMigrations } from './migrations/1732180000000-subject-registry';
import { SubjectsModule } from './subjects/subjects.module';
import { VaultModule } from './vault/vault.module';
import { subjectRegistryProjections } from './rebuild/rebuildable-projections';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'subject-registry',
      defaultPort: 3001,
      migrations: subjectRegistryMigrations,
      configSchema: SubjectRegistryEnv,
      // Reads double-publicity's records for the code-quality report (codes used but not registered).
      consumer: { groupId: 'subject-registry', topics: [TOPICS.subjectEvents] },
    }),
    SubjectsModule,
    CodeQualityModule,
    VaultModule,
    CalendarModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: subjectRegistryProjections }],
})
export class AppModule {}
