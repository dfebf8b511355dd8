import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { SubjectRegistryConfig, type SubjectRegistryEnv } from '../config';
import { VaultController, VaultService } from './vault.controller';

@Module({
  controllers: [VaultController],
  providers: [
    VaultService,
    {
      provide: SubjectRegistryConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: SubjectRegistryEnv, platform: PlatformConfig) => new SubjectRegistryConfig(env, platform),
    },
  ],
})
export class VaultModule {}
