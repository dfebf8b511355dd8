import { CalendarService } from '@credit/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommitmentsService } from './commitments.service';

/** Policy: a published calendar year recomputes the verification days of commitments in force that counted it provisionally. */
@Injectable()
export class CommitmentCalendarReaction implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly commitments: CommitmentsService,
  ) {}

  onModuleInit(): void {
    this.calendar.onPublished(async (manager, published, calendar, cause) => {
      await this.commitments.recomputeVerificationDueDates(manager, published, calendar, cause);
    });
  }
}
