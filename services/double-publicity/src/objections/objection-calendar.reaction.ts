import { CalendarService } from '@credit/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ObjectionsService } from './objections.service';

/** Policy: a published calendar year recomputes the due times of open objections that count its days. */
@Injectable()
export class ObjectionCalendarReaction implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly objections: ObjectionsService,
  ) {}

  onModuleInit(): void {
    this.calendar.onPublished(async (manager, published, calendar, cause) => {
      await this.objections.recomputeDueDates(manager, published, calendar, cause);
    });
  }
}
