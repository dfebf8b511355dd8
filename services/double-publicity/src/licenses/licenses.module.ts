import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { LicensesController } from './licenses.controller';
import { LicensesService } from './licenses.service';

@Module({
  controllers: [LicensesController],
  providers: [
    LicensesService,
    doublePublicityConfigProvider,
  ],
  exports: [LicensesService],
})
export class LicensesModule {}
