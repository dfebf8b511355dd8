import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { GradingSupervisionConfig, type GradingSupervisionEnv } from '../config';
import { GradingController } from './grading.controller';
import { GradingService } from './grading.service';

@Module({
  controllers: [GradingController],
  providers: [
    GradingService,
    {
      provide: GradingSupervisionConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: GradingSupervisionEnv, platform: PlatformConfig) => new GradingSupervisionConfig(env, platform),
    },
  ],
  exports: [GradingService],
})
export class GradingModule {}
