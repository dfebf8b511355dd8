import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { SubjectRegistryConfig, type SubjectRegistryEnv } from '../config';
import { SubjectsController } from './subjects.controller';
import { SubjectsService } from './subjects.service';

@Module({
  controllers: [SubjectsController],
  providers: [
    SubjectsService,
    {
      provide: SubjectRegistryConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: SubjectRegistryEnv, platform: PlatformConfig) => new SubjectRegistryConfig(env, platform),
    },
  ],
})
export class SubjectsModule {}
