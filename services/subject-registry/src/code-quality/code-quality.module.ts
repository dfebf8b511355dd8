import { Module } from '@nestjs/common';
import { CodeQualityController, CodeQualityService } from './code-quality.controller';

@Module({ controllers: [CodeQualityController], providers: [CodeQualityService] })
export class CodeQualityModule {}
