import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { GradingSupervisionConfig, type GradingSupervisionEnv } from '../config';
import { GradingController, ScoringRulesController } from './grading.controller';
import { GradingService } from './grading.service';
import { RuleRegradeScheduler } from './rule-regrade.scheduler';

@Module({
  controllers: [GradingController, ScoringRulesController],
  providers: [
    GradingService,
    RuleRegradeScheduler,
    {
      provide: GradingSupervisionConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: GradingSupervisionEnv, platform: PlatformConfig) => new GradingSupervisionConfig(env, platform),
    },
  ],
  exports: [GradingService, GradingSupervisionConfig],
})
export class GradingModule {}
