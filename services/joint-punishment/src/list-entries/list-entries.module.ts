import { Module } from '@nestjs/common';
import { ListEntriesController } from './list-entries.controller';
import { ListEntriesService } from './list-entries.service';

@Module({ controllers: [ListEntriesController], providers: [ListEntriesService], exports: [ListEntriesService] })
export class ListEntriesModule {}
