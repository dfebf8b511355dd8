import { Module } from '@nestjs/common';
import { CodeQualityController, CodeQualityService } from './code-quality.controller';
import { RecordSubjectsReaction } from './record-subjects.reaction';

@Module({ controllers: [CodeQualityController, RecordSubjectsReaction], providers: [CodeQualityService] })
export class CodeQualityModule {}
