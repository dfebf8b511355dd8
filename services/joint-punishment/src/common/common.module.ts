import { SERVICE_CONFIG } from '@credit/platform';
import { Global, Module } from '@nestjs/common';
import { JointPunishmentConfig, type JointPunishmentEnv } from '../config';

@Global()
@Module({
  providers: [
    {
      provide: JointPunishmentConfig,
      inject: [SERVICE_CONFIG],
      useFactory: (env: JointPunishmentEnv) => new JointPunishmentConfig(env),
    },
  ],
  exports: [JointPunishmentConfig],
})
export class CommonModule {}
