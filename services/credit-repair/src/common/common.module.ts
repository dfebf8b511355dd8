import { WorkingDayCalendar } from '@credit/domain-kernel';
import { SERVICE_CONFIG } from '@credit/platform';
import { Global, Module } from '@nestjs/common';
import { CreditRepairConfig, type CreditRepairEnv } from '../config';

@Global()
@Module({
  providers: [
    { provide: CreditRepairConfig, inject: [SERVICE_CONFIG], useFactory: (env: CreditRepairEnv) => new CreditRepairConfig(env) },
    // The 3-working-day handling deadline needs this year's and next year's holidays (domain.md §8).
    { provide: WorkingDayCalendar, useFactory: () => new WorkingDayCalendar() },
  ],
  exports: [CreditRepairConfig, WorkingDayCalendar],
})
export class CommonModule {}
