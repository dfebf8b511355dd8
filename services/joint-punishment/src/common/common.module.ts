import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Global, Module } from '@nestjs/common';
import { JointPunishmentConfig, type JointPunishmentEnv } from '../config';

@Global()
@Module({
  providers: [
    {
      provide: JointPunishmentConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: JointPunishmentEnv, platform: PlatformConfig) => new JointPunishmentConfig(env, platform),
    },
  ],
  exports: [JointPunishmentConfig],
})
export class CommonModule {}
