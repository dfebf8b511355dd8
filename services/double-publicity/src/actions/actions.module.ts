import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { AdministrativeActionsController } from './actions.controller';
import { AdministrativeActionsService } from './actions.service';

@Module({
  controllers: [AdministrativeActionsController],
  providers: [AdministrativeActionsService, doublePublicityConfigProvider],
  exports: [AdministrativeActionsService],
})
export class AdministrativeActionsModule {}
