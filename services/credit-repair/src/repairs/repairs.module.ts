import { Module } from '@nestjs/common';
import { OverdueScheduler } from './overdue.scheduler';
import { RepairsController } from './repairs.controller';
import { RepairsService } from './repairs.service';

@Module({ controllers: [RepairsController], providers: [RepairsService, OverdueScheduler], exports: [RepairsService] })
export class RepairsModule {}
