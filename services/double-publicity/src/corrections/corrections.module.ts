import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { LicensesModule } from '../licenses/licenses.module';
import { PenaltiesModule } from '../penalties/penalties.module';
import { CorrectionsController } from './corrections.controller';
import { CorrectionsService } from './corrections.service';

@Module({
  imports: [PenaltiesModule, LicensesModule],
  controllers: [CorrectionsController],
  providers: [CorrectionsService, doublePublicityConfigProvider],
  exports: [CorrectionsService],
})
export class CorrectionsModule {}
