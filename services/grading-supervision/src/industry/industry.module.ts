import { Module } from '@nestjs/common';
import { GradingModule } from '../grading/grading.module';
import { IndustryEvaluationsController } from './industry-evaluations.controller';
import { IndustryEvaluationsService } from './industry-evaluations.service';

@Module({ imports: [GradingModule], controllers: [IndustryEvaluationsController], providers: [IndustryEvaluationsService] })
export class IndustryModule {}
