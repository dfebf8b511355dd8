import { SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DoublePublicityConfig, type DoublePublicityEnv } from '../config';
import { LicensesModule } from '../licenses/licenses.module';
import { BatchController } from './batch.controller';
import { BatchService } from './batch.service';

@Module({
  imports: [LicensesModule],
  controllers: [BatchController],
  providers: [
    BatchService,
    { provide: DoublePublicityConfig, inject: [SERVICE_CONFIG], useFactory: (env: DoublePublicityEnv) => new DoublePublicityConfig(env) },
  ],
})
export class BatchModule {}
