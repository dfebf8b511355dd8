import { Module } from '@nestjs/common';
import { RepairsModule } from '../repairs/repairs.module';
import { SubjectEventsReaction } from './subject-events.reaction';

@Module({ imports: [RepairsModule], controllers: [SubjectEventsReaction] })
export class ReactionsModule {}
