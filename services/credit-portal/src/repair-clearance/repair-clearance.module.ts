import { Module } from '@nestjs/common';
import { RepairClearanceReaction } from './repair-clearance.reaction';
import { RepairClearanceService } from './repair-clearance.service';

/** The website as an effect of every repair (acknowledged once the page no longer shows what was repaired). */
@Module({ controllers: [RepairClearanceReaction], providers: [RepairClearanceService], exports: [RepairClearanceService] })
export class RepairClearanceModule {}
