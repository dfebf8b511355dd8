import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';

@Module({
  controllers: [ObjectionsController],
  providers: [
    ObjectionsService,
    doublePublicityConfigProvider,
  ],
})
export class ObjectionsModule {}
