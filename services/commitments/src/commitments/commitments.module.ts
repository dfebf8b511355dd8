import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CommitmentsConfig, type CommitmentsEnv } from '../config';
import { CommitmentMattersController } from '../matters/commitment-matters.controller';
import { CommitmentMattersService } from '../matters/commitment-matters.service';
import { CommitmentCalendarReaction } from './commitment-calendar.reaction';
import { CommitmentMetrics } from './commitment.metrics';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsService } from './commitments.service';
import { DeficiencyScheduler } from './deficiency.scheduler';

@Module({
  controllers: [CommitmentsController, CommitmentMattersController],
  providers: [
    CommitmentsService,
    CommitmentCalendarReaction,
    CommitmentMattersService,
    CommitmentMetrics,
    DeficiencyScheduler,
    {
      provide: CommitmentsConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: CommitmentsEnv, platform: PlatformConfig) => new CommitmentsConfig(env, platform),
    },
  ],
})
export class CommitmentsModule {}
