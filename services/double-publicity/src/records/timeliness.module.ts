import { Module } from '@nestjs/common';
import { TimelinessCalendarReaction } from './timeliness-calendar.reaction';
import { TimelinessService } from './timeliness.service';

/** 双公示 timeliness judged again when the working-day calendar of a year it counted is published. */
@Module({ providers: [TimelinessService, TimelinessCalendarReaction] })
export class TimelinessModule {}
