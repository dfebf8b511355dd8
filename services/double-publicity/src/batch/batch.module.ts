import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { LicensesModule } from '../licenses/licenses.module';
import { PenaltiesModule } from '../penalties/penalties.module';
import { BatchController } from './batch.controller';
import { BatchService } from './batch.service';

@Module({
  imports: [LicensesModule, PenaltiesModule],
  controllers: [BatchController],
  providers: [
    BatchService,
    doublePublicityConfigProvider,
  ],
})
export class BatchModule {}
