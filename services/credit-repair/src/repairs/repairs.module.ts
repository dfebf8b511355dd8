import { Module } from '@nestjs/common';
import { OverdueScheduler } from './overdue.scheduler';
import { RepairCalendarReaction } from './repair-calendar.reaction';
import { RepairsController } from './repairs.controller';
import { RepairsService } from './repairs.service';

@Module({ controllers: [RepairsController], providers: [RepairsService, OverdueScheduler, RepairCalendarReaction], exports: [RepairsService] })
export class RepairsModule {}
