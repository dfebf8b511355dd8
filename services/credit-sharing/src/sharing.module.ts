import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { AuthorizationCommands } from './authorizations/authorization.commands';
import { AuthorizationsController } from './authorizations/authorizations.controller';
import { AuthorizationsService } from './authorizations/authorizations.service';
import { CreditSharingConfig, type CreditSharingEnv } from './config';
import { FinancingController } from './financing/financing.controller';
import { FinancingService } from './financing/financing.service';
import { SubjectViewsReaction } from './subject-views/subject-views.reaction';
import { SupportingRecordsController } from './supporting-records/supporting-records.controller';
import { SupportingRecordsService } from './supporting-records/supporting-records.service';

@Module({
  controllers: [SupportingRecordsController, AuthorizationsController, FinancingController, SubjectViewsReaction],
  providers: [
    SupportingRecordsService,
    AuthorizationCommands,
    AuthorizationsService,
    FinancingService,
    {
      provide: CreditSharingConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: CreditSharingEnv, platform: PlatformConfig) => new CreditSharingConfig(env, platform),
    },
  ],
})
export class SharingModule {}
