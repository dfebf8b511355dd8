import { SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DoublePublicityConfig, type DoublePublicityEnv } from '../config';
import { PenaltiesController } from './penalties.controller';
import { PenaltiesService } from './penalties.service';

@Module({
  controllers: [PenaltiesController],
  providers: [
    PenaltiesService,
    {
      provide: DoublePublicityConfig,
      inject: [SERVICE_CONFIG],
      useFactory: (env: DoublePublicityEnv) => new DoublePublicityConfig(env),
    },
  ],
  exports: [PenaltiesService],
})
export class PenaltiesModule {}
