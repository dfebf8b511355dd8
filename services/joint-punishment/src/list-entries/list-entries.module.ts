import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ListEntriesController } from './list-entries.controller';
import { ListEntriesService } from './list-entries.service';
import { WebsiteUpdatedReaction } from './website-updated.reaction';

@Module({ imports: [CatalogModule], controllers: [ListEntriesController, WebsiteUpdatedReaction], providers: [ListEntriesService], exports: [ListEntriesService] })
export class ListEntriesModule {}
