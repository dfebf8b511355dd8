import { calendarYearPublishedV1, type CalendarYearPublishedV1 } from '@credit/contracts';
import { CHINA_WORKING_DAY_CALENDAR, calendarYearErrors, type CalendarYearView } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError, type CommandMeta } from '@credit/event-store';
import { CalendarService, commandMetaOf, FieldValidationProblem, type Principal } from '@credit/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { calendarYearDecider, calendarYearStream, type CalendarYearContent } from './calendar-year.decider';
import type { PublishCalendarYearDto } from './calendar.dto';

export interface PublishedView extends CalendarYearView {
  /** False when the content was already the current version's (nothing new was published). */
  changed: boolean;
}

/**
 * The calendar's owner: the credit office publishes a year's schedule here; the event carries it to
 * every service that computes deadlines, and this service's own `calendar_years` table is written in
 * the publication's transaction. The schedules the platform shipped with are published as version 1
 * at the first start (the same version every service's migration seeded).
 */
@Injectable()
export class CalendarPublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger('CalendarPublisher');

  constructor(
    private readonly store: EventStore,
    private readonly calendar: CalendarService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { year, source, holidays, workingWeekendDays } of CHINA_WORKING_DAY_CALENDAR) {
      const meta: CommandMeta = { subjectKey: null, correlationId: randomUUID(), actor: { departmentCode: 'platform', user: 'shipped schedule' } };
      try {
        if ((await this.store.readStream(calendarYearStream(year))).length > 0) continue;
        await this.publishContent({ year, source, holidays: holidays.map(([f, t]) => [f, t]), workingWeekendDays: [...workingWeekendDays], publishedBy: { sub: 'platform', name: 'shipped schedule' } }, meta);
      } catch (error) {
        // Another instance published it first.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
  }

  async publish(year: number, dto: PublishCalendarYearDto, principal: Principal, correlationId: string): Promise<PublishedView> {
    const errors = calendarYearErrors({ year, source: dto.source, holidays: dto.holidays, workingWeekendDays: dto.workingWeekendDays });
    if (errors.length > 0) throw new FieldValidationProblem(errors);
    const content: CalendarYearContent = {
      year,
      source: dto.source.trim(),
      holidays: (dto.holidays as [string, string][]).map(([from, to]) => [from, to]),
      workingWeekendDays: [...(dto.workingWeekendDays as string[])],
      publishedBy: { sub: principal.departmentCode, name: principal.name },
    };
    const changed = await this.publishContent(content, commandMetaOf(principal, correlationId, null));
    return { ...this.calendar.calendar.yearView(year), changed };
  }

  private async publishContent(content: CalendarYearContent, meta: CommandMeta): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const { events } = await handleCommand(tx, calendarYearStream(content.year), calendarYearDecider, { type: 'PublishCalendarYear', data: content }, meta);
      for (const event of events) {
        if (event.type !== calendarYearPublishedV1.type) continue;
        await this.calendar.applyPublished(tx.manager, event.data as CalendarYearPublishedV1, { correlationId: meta.correlationId, causationId: event.id, actor: meta.actor });
      }
      if (events.length > 0) this.logger.log(`calendar ${content.year} published by ${content.publishedBy.sub}`);
      return events.length > 0;
    });
  }
}
