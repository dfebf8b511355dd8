import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { CorrectionsModule } from '../corrections/corrections.module';
import { ObjectionCalendarReaction } from './objection-calendar.reaction';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';
import { ObjectionWebsiteReaction } from './website-updated.reaction';

@Module({
  imports: [CorrectionsModule],
  controllers: [ObjectionsController, ObjectionWebsiteReaction],
  providers: [
    ObjectionsService,
    ObjectionCalendarReaction,
    doublePublicityConfigProvider,
  ],
})
export class ObjectionsModule {}
