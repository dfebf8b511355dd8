import { SERVICE_CONFIG } from '@credit/platform';
import { Global, Module } from '@nestjs/common';
import { CreditRepairConfig, type CreditRepairEnv } from '../config';

@Global()
@Module({
  providers: [
    { provide: CreditRepairConfig, inject: [SERVICE_CONFIG], useFactory: (env: CreditRepairEnv) => new CreditRepairConfig(env) },
  ],
  exports: [CreditRepairConfig],
})
export class CommonModule {}
