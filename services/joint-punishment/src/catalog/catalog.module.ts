import { Module } from '@nestjs/common';
import { LinkageUnitsController, ListCategoriesController, PublicCatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

@Module({ controllers: [ListCategoriesController, LinkageUnitsController, PublicCatalogController], providers: [CatalogService], exports: [CatalogService] })
export class CatalogModule {}
