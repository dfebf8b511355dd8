import { Module } from '@nestjs/common';
import { CodeQualityController, CodeQualityService } from './code-quality.controller';
import { RecordSubjectsConsumer } from './record-subjects.consumer';

@Module({ controllers: [CodeQualityController, RecordSubjectsConsumer], providers: [CodeQualityService] })
export class CodeQualityModule {}
