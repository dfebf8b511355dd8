import { Module } from '@nestjs/common';
import { ListEntriesModule } from '../list-entries/list-entries.module';
import { RepairReactionsController } from './repair-reactions.controller';

@Module({ imports: [ListEntriesModule], controllers: [RepairReactionsController] })
export class ReactionsModule {}
