import { Module } from '@nestjs/common';
import { WebsiteUpdatesService } from './website-updates.service';

/** The website's answers to changes other services report done (list exits, upheld objections). */
@Module({ providers: [WebsiteUpdatesService], exports: [WebsiteUpdatesService] })
export class WebsiteUpdatesModule {}
