import { PlatformModule, REBUILDABLE_PROJECTIONS } from '@credit/platform';
import { Module } from '@nestjs/common';
import { CommitmentsModule } from './commitments/commitments.module';
import { CommitmentsEnv } from './config';
import { commitmentsMigrations } from './migrations/1732200000000-commitments';
import { MattersLifecycle1732200000100 } from './migrations/1732200000100-matters-lifecycle';
import { commitmentsProjections } from './rebuild/rebuildable-projections';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'commitments',
      defaultPort: 3003,
      migrations: [...commitmentsMigrations, MattersLifecycle1732200000100],
      configSchema: CommitmentsEnv,
    }),
    CommitmentsModule,
  ],
  providers: [{ provide: REBUILDABLE_PROJECTIONS, useValue: commitmentsProjections }],
})
export class AppModule {}
