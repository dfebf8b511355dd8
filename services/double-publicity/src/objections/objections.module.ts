import { SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DoublePublicityConfig, type DoublePublicityEnv } from '../config';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';

@Module({
  controllers: [ObjectionsController],
  providers: [
    ObjectionsService,
    { provide: DoublePublicityConfig, inject: [SERVICE_CONFIG], useFactory: (env: DoublePublicityEnv) => new DoublePublicityConfig(env) },
  ],
})
export class ObjectionsModule {}
