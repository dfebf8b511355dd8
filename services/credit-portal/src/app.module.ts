import { TOPICS } from '@credit/contracts';
import { PlatformModule } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, CreditPortalEnv } from './config';
import { creditPortalMigrations } from './migrations';
import { PublicModule } from './public/public.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'credit-portal',
      defaultPort: 3007,
      migrations: creditPortalMigrations,
      configSchema: CreditPortalEnv,
      // The website shows what the subject events say (architecture.md: credit-portal reads all subject events).
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    PublicModule,
  ],
})
export class AppModule {}
