import { Module } from '@nestjs/common';
import { GradingModule } from '../grading/grading.module';
import { InspectionPlansController } from './inspection-plans.controller';
import { InspectionPlansService } from './inspection-plans.service';

@Module({ imports: [GradingModule], controllers: [InspectionPlansController], providers: [InspectionPlansService] })
export class InspectionModule {}
