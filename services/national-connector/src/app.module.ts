import { TOPICS } from '@credit/contracts';
import { PlatformModule } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, NationalConnectorEnv } from './config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { nationalConnectorMigrations } from './migrations/1732200000000-national-connector';
import { CreditLoanTarget1796700000200 } from './migrations/1796700000200-credit-loan-target';
import { ReconciliationBackpressure1796700000300 } from './migrations/1796700000300-reconciliation-backpressure';
import { ReconciliationModule } from './reconciliation/reconciliation.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'national-connector',
      defaultPort: 3008,
      migrations: [...nationalConnectorMigrations, CreditLoanTarget1796700000200, ReconciliationBackpressure1796700000300],
      configSchema: NationalConnectorEnv,
      // Subject events go upstream (architecture.md, "The repair, end to end"), and from credit.reference
      // the monthly joint reward-punishment feedback.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents, TOPICS.reference] },
    }),
    DeliveriesModule,
    ReconciliationModule,
  ],
})
export class AppModule {}
