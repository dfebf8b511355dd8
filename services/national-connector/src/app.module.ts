import { TOPICS } from '@credit/contracts';
import { PlatformModule } from '@credit/platform';
import { Module } from '@nestjs/common';
import { DEFAULT_CONSUMER_GROUP, NationalConnectorEnv } from './config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { nationalConnectorMigrations } from './migrations/1732200000000-national-connector';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'national-connector',
      defaultPort: 3008,
      migrations: nationalConnectorMigrations,
      configSchema: NationalConnectorEnv,
      // Everything that goes upstream is a subject event (architecture.md, "The repair, end to end").
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    DeliveriesModule,
  ],
})
export class AppModule {}
