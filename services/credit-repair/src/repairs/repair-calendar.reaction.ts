import { CalendarService } from '@credit/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RepairsService } from './repairs.service';

/** Policy: a published calendar year recomputes the due times of undecided applications that count its days. */
@Injectable()
export class RepairCalendarReaction implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly repairs: RepairsService,
  ) {}

  onModuleInit(): void {
    this.calendar.onPublished(async (manager, published, calendar, cause) => {
      await this.repairs.recomputeDueDates(manager, published, calendar, cause);
    });
  }
}
