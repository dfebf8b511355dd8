import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { MeasuresController } from './measures.controller';
import { MeasuresService } from './measures.service';

@Module({ imports: [CatalogModule], controllers: [MeasuresController], providers: [MeasuresService] })
export class MeasuresModule {}
