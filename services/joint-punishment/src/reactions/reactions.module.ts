import { Module } from '@nestjs/common';
import { ListEntriesModule } from '../list-entries/list-entries.module';
import { RepairReaction } from './repair.reaction';

@Module({ imports: [ListEntriesModule], controllers: [RepairReaction] })
export class ReactionsModule {}
