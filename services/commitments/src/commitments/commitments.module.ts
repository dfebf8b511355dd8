import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CommitmentsConfig, type CommitmentsEnv } from '../config';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsService } from './commitments.service';

@Module({
  controllers: [CommitmentsController],
  providers: [
    CommitmentsService,
    {
      provide: CommitmentsConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: CommitmentsEnv, platform: PlatformConfig) => new CommitmentsConfig(env, platform),
    },
  ],
})
export class CommitmentsModule {}
