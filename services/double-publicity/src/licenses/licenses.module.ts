import { SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DoublePublicityConfig, type DoublePublicityEnv } from '../config';
import { LicensesController } from './licenses.controller';
import { LicensesService } from './licenses.service';

@Module({
  controllers: [LicensesController],
  providers: [
    LicensesService,
    { provide: DoublePublicityConfig, inject: [SERVICE_CONFIG], useFactory: (env: DoublePublicityEnv) => new DoublePublicityConfig(env) },
  ],
  exports: [LicensesService],
})
export class LicensesModule {}
