import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { PenaltiesModule } from '../penalties/penalties.module';
import { ObjectionOverdueScheduler } from './objection-overdue.scheduler';
import { PublicityScheduler } from './publicity.scheduler';

@Module({
  imports: [PenaltiesModule],
  providers: [PublicityScheduler, ObjectionOverdueScheduler, doublePublicityConfigProvider],
})
export class SchedulesModule {}
