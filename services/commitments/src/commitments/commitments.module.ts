import { SERVICE_CONFIG } from '@credit/platform';
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
      inject: [SERVICE_CONFIG],
      useFactory: (env: CommitmentsEnv) => new CommitmentsConfig(env),
    },
  ],
})
export class CommitmentsModule {}
