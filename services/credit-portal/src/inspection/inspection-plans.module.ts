import { Module } from '@nestjs/common';
import { PublicInspectionPlansController } from './inspection-plans.controller';
import { InspectionPlansReaction } from './inspection-plans.reaction';
import { PublicInspectionPlansService } from './inspection-plans.service';

@Module({
  controllers: [PublicInspectionPlansController, InspectionPlansReaction],
  providers: [PublicInspectionPlansService],
})
export class PublicInspectionPlansModule {}
