import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { AuthorizationCommands } from './authorizations/authorization.commands';
import { AuthorizationsController } from './authorizations/authorizations.controller';
import { AuthorizationsService } from './authorizations/authorizations.service';
import { CreditSharingConfig, type CreditSharingEnv } from './config';
import { FinancingController } from './financing/financing.controller';
import { FinancingService } from './financing/financing.service';
import { MonitoringController } from './monitoring/monitoring.controller';
import { MonitoringReaction } from './monitoring/monitoring.reaction';
import { MonitoringScheduler } from './monitoring/monitoring.scheduler';
import { MonitoringService } from './monitoring/monitoring.service';
import { SubjectViewsReaction } from './subject-views/subject-views.reaction';
import { SupportingRecordsController } from './supporting-records/supporting-records.controller';
import { SupportingRecordsService } from './supporting-records/supporting-records.service';

@Module({
  controllers: [SupportingRecordsController, AuthorizationsController, FinancingController, MonitoringController, SubjectViewsReaction, MonitoringReaction],
  providers: [
    SupportingRecordsService,
    AuthorizationCommands,
    AuthorizationsService,
    FinancingService,
    MonitoringService,
    MonitoringScheduler,
    {
      provide: CreditSharingConfig,
      inject: [SERVICE_CONFIG, PlatformConfig],
      useFactory: (env: CreditSharingEnv, platform: PlatformConfig) => new CreditSharingConfig(env, platform),
    },
  ],
})
export class SharingModule {}
