import { Module } from '@nestjs/common';
import { QualityController } from './quality.controller';
import { QualityService } from './quality.service';

@Module({ controllers: [QualityController], providers: [QualityService] })
export class QualityModule {}
