import { TOPICS } from '@credit/contracts';
import { PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CreditSharingEnv, DEFAULT_CONSUMER_GROUP } from './config';
import { CreditSharing1796700000000 } from './migrations/1796700000000-credit-sharing';
import { creditSharingProjections } from './rebuild/rebuildable-projections';
import { SharingModule } from './sharing.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'credit-sharing',
      defaultPort: 3009,
      migrations: [CreditSharing1796700000000],
      configSchema: CreditSharingEnv,
      // The public side of an institution's answer is the website's fold of the subject events.
      consumer: { groupId: DEFAULT_CONSUMER_GROUP, topics: [TOPICS.subjectEvents] },
    }),
    SharingModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: creditSharingProjections }],
})
export class AppModule {}
