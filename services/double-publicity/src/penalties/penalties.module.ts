import { Module } from '@nestjs/common';
import { doublePublicityConfigProvider } from '../config';
import { PenaltiesController } from './penalties.controller';
import { PenaltiesService } from './penalties.service';

@Module({
  controllers: [PenaltiesController],
  providers: [
    PenaltiesService,
    doublePublicityConfigProvider,
  ],
  exports: [PenaltiesService],
})
export class PenaltiesModule {}
