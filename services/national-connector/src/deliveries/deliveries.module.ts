import { SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { NationalConnectorConfig, type NationalConnectorEnv } from '../config';
import { DeliveriesReaction } from './deliveries.reaction';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliveryWorker } from './delivery-worker';
import { NationalPlatformClient } from './national-platform.client';

@Module({
  controllers: [DeliveriesController, DeliveriesReaction],
  providers: [
    DeliveriesService,
    DeliveryWorker,
    DeliveryMetrics,
    NationalPlatformClient,
    {
      provide: NationalConnectorConfig,
      inject: [SERVICE_CONFIG],
      useFactory: (env: NationalConnectorEnv) => new NationalConnectorConfig(env),
    },
  ],
  exports: [NationalPlatformClient, NationalConnectorConfig],
})
export class DeliveriesModule {}
