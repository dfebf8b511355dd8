import { PlatformConfig, SERVICE_CONFIG } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CreditPortalConfig, type CreditPortalEnv } from '../config';
import { PortalReaction } from './portal.reaction';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';
import { AsOfReadGuard } from './restricted-read.guard';
import { RepairClearanceModule } from '../repair-clearance/repair-clearance.module';
import { WebsiteUpdatesModule } from '../website-updates/website-updates.module';
import { ReportController } from '../report/report.controller';
import { ReportService } from '../report/report.service';
import { CreditFileController } from '../file/file.controller';
import { PublicCommitmentsController } from '../commitments/public-commitments.controller';
import { PublicCommitmentsService } from '../commitments/public-commitments.service';

@Module({
  imports: [RepairClearanceModule, WebsiteUpdatesModule],
  controllers: [PublicController, ReportController, CreditFileController, PublicCommitmentsController, PortalReaction],
  providers: [
    PublicService,
    PublicCommitmentsService,
    ReportService,
    AsOfReadGuard,
    { provide: CreditPortalConfig, inject: [SERVICE_CONFIG, PlatformConfig], useFactory: (env: CreditPortalEnv, platform: PlatformConfig) => new CreditPortalConfig(env, platform) },
  ],
})
export class PublicModule {}
