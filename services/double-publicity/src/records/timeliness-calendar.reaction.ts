import { CalendarService } from '@credit/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TimelinessService } from './timeliness.service';

/** Policy: a published calendar year judges again the timeliness of the records that counted its days. */
@Injectable()
export class TimelinessCalendarReaction implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly timeliness: TimelinessService,
  ) {}

  onModuleInit(): void {
    this.calendar.onPublished(async (manager, published, calendar, cause) => {
      await this.timeliness.rejudge(manager, published, calendar, cause);
    });
  }
}
