/**
 * A year's working-day schedule (reference data): one stream per year, `calendar-<year>`.
 * Publishing changed content is the next version; the same content again changes nothing.
 * Pure: the schedule arrives checked by the publishing rules.
 */
import type { CalendarYearPublishedV1 } from '@credit/contracts';
import { sameCalendarContent } from '@credit/domain-kernel';
import type { Decider } from '@credit/event-store';

export type CalendarYearContent = Omit<CalendarYearPublishedV1, 'version'>;
export type CalendarYearEvent = { type: 'subject-registry.calendar-year-published'; data: CalendarYearPublishedV1 };
export type CalendarYearCommand = { type: 'PublishCalendarYear'; data: CalendarYearContent };
export type CalendarYearState = { status: 'UNPUBLISHED' } | { status: 'PUBLISHED'; current: CalendarYearPublishedV1 };

export const calendarYearDecider: Decider<CalendarYearCommand, CalendarYearEvent, CalendarYearState> = {
  initialState: () => ({ status: 'UNPUBLISHED' }),

  decide(command, state) {
    if (state.status === 'PUBLISHED' && sameCalendarContent(state.current, command.data)) return [];
    const version = state.status === 'PUBLISHED' ? state.current.version + 1 : 1;
    return [{ type: 'subject-registry.calendar-year-published', data: { ...command.data, version } }];
  },

  evolve(_state, event) {
    return { status: 'PUBLISHED', current: event.data };
  },
};

export const calendarYearStream = (year: number): string => `calendar-${year}`;
