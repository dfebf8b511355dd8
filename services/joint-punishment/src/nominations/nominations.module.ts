import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ListEntriesModule } from '../list-entries/list-entries.module';
import { NominationReviewController } from './nomination-review.controller';
import { NominationReviewService } from './nomination-review.service';
import { NominationsController } from './nominations.controller';
import { NominationsReaction } from './nominations.reaction';
import { NominationsService } from './nominations.service';

@Module({
  imports: [CatalogModule, ListEntriesModule],
  controllers: [NominationsController, NominationsReaction, NominationReviewController],
  providers: [NominationsService, NominationReviewService],
})
export class NominationsModule {}
