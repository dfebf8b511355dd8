import { calendarYearPublishedV1, type CalendarYearPublishedV1, type EventEnvelope } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CalendarService } from './calendar.service';

/**
 * A year's schedule published by the credit office reaches this service's calendar (and its
 * recomputations) once: the inbox makes a second delivery a no-op, and an older version is ignored.
 */
@Controller()
export class CalendarEventsController {
  constructor(private readonly calendar: CalendarService) {}

  @EventPattern(calendarYearPublishedV1.type)
  async onCalendarYearPublished(@Payload() event: EventEnvelope<CalendarYearPublishedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    const { year, version, source, holidays, workingWeekendDays } = event.data;
    await this.calendar.applyPublished(
      ctx.manager,
      { year, version, source, holidays, workingWeekendDays },
      { correlationId: event.correlationId, causationId: event.id, actor: event.actor },
    );
  }
}

/** Imported by every service that computes deadlines: it consumes the calendar's publications (reference topic). */
@Module({ controllers: [CalendarEventsController] })
export class CalendarEventsModule {}
