import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { AdministrativeActionsController } from './actions.controller';
import { AdministrativeActionsBatchService } from './actions-batch.service';
import { AdministrativeActionsService } from './actions.service';

@Module({
  controllers: [AdministrativeActionsController],
  providers: [AdministrativeActionsService, AdministrativeActionsBatchService, doublePublicityConfigProvider],
  exports: [AdministrativeActionsService],
})
export class AdministrativeActionsModule {}
