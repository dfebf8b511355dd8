import { Module } from '@nestjs/common';
import { GradingModule } from '../grading/grading.module';
import { GradingReactionsController } from './grading-reactions.controller';

@Module({ imports: [GradingModule], controllers: [GradingReactionsController] })
export class ReactionsModule {}
