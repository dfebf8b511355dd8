import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ListEntriesController } from './list-entries.controller';
import { ListEntriesService } from './list-entries.service';

@Module({ imports: [CatalogModule], controllers: [ListEntriesController], providers: [ListEntriesService], exports: [ListEntriesService] })
export class ListEntriesModule {}
