import { deciderSpec } from '@credit/testing';
import { calendarYearDecider, calendarYearStream, type CalendarYearContent, type CalendarYearEvent } from './calendar-year.decider';

const spec = deciderSpec(calendarYearDecider);

const content: CalendarYearContent = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [['2027-01-01', '2027-01-03']],
  workingWeekendDays: ['2027-02-06'],
  publishedBy: { sub: '11450000MB0000001X', name: '平台管理员' },
};
const published = (version: number, data: CalendarYearContent = content): CalendarYearEvent => ({
  type: 'subject-registry.calendar-year-published',
  data: { ...data, version },
});

describe('calendar year', () => {
  it('is published as version 1', () => {
    spec.given([]).when({ type: 'PublishCalendarYear', data: content }).then([published(1)]);
    expect(calendarYearStream(2027)).toBe('calendar-2027');
  });

  it('publishes changed content as the next version, and the same content again changes nothing', () => {
    const changed = { ...content, workingWeekendDays: ['2027-02-06', '2027-10-09'] };
    spec.given([published(1)]).when({ type: 'PublishCalendarYear', data: changed }).then([published(2, changed)]);
    spec.given([published(1)]).when({ type: 'PublishCalendarYear', data: { ...content, publishedBy: { sub: 'another' } } }).then([]);
    expect(spec.given([published(1), published(2, changed)]).state).toEqual({ status: 'PUBLISHED', current: { ...changed, version: 2 } });
  });
});
