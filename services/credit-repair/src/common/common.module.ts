import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Global, Module } from '@nestjs/common';
import { CreditRepairConfig, type CreditRepairEnv } from '../config';

@Global()
@Module({
  providers: [
    { provide: CreditRepairConfig, inject: [SERVICE_CONFIG, PlatformConfig], useFactory: (env: CreditRepairEnv, platform: PlatformConfig) => new CreditRepairConfig(env, platform) },
  ],
  exports: [CreditRepairConfig],
})
export class CommonModule {}
