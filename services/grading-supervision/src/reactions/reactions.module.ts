import { Module } from '@nestjs/common';
import { GradingModule } from '../grading/grading.module';
import { GradingReaction } from './grading.reaction';

@Module({ imports: [GradingModule], controllers: [GradingReaction] })
export class ReactionsModule {}
