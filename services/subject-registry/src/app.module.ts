import { PlatformModule } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CodeQualityModule } from './code-quality/code-quality.module';
import { SubjectRegistryEnv } from './config';
import { subjectRegistryMigrations } from './migrations/1732180000000-subject-registry';
import { SubjectsModule } from './subjects/subjects.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'subject-registry',
      defaultPort: 3001,
      migrations: subjectRegistryMigrations,
      configSchema: SubjectRegistryEnv,
    }),
    SubjectsModule,
    CodeQualityModule,
  ],
})
export class AppModule {}
