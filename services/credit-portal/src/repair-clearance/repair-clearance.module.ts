import { Module } from '@nestjs/common';
import { RepairClearanceConsumer } from './repair-clearance.consumer';
import { RepairClearanceService } from './repair-clearance.service';

/** The website as an effect of every repair (acknowledged once the page no longer shows what was repaired). */
@Module({ controllers: [RepairClearanceConsumer], providers: [RepairClearanceService], exports: [RepairClearanceService] })
export class RepairClearanceModule {}
