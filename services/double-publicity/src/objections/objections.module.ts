import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { CorrectionsModule } from '../corrections/corrections.module';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';

@Module({
  imports: [CorrectionsModule],
  controllers: [ObjectionsController],
  providers: [
    ObjectionsService,
    doublePublicityConfigProvider,
  ],
})
export class ObjectionsModule {}
