import { Module } from '@nestjs/common';
import { PenaltiesModule } from '../penalties/penalties.module';
import { RepairApprovedReaction } from './repair-approved.reaction';

@Module({ imports: [PenaltiesModule], controllers: [RepairApprovedReaction] })
export class ReactionsModule {}
