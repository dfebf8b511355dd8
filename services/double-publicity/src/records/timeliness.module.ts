import { Module } from '@nestjs/common';
import { TimelinessService } from './timeliness.service';

/** 双公示 timeliness judged again when the working-day calendar of a year it counted is published. */
@Module({ providers: [TimelinessService] })
export class TimelinessModule {}
