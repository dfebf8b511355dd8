import { Module } from '@nestjs/common';
import { MeasureExecutionsController } from './measure-executions.controller';
import { MeasureExecutionsService } from './measure-executions.service';

@Module({ controllers: [MeasureExecutionsController], providers: [MeasureExecutionsService] })
export class MeasureExecutionsModule {}
