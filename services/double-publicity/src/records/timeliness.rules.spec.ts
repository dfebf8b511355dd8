import { IsoDate, WorkingDayCalendar, type PublishedCalendarYear } from '@credit/domain-kernel';
import { rejudgeTimeliness, timelinessOf } from './timeliness.rules';

const calendar = new WorkingDayCalendar();

describe('timeliness: collected within 7 working days of the decision date', () => {
  it.each`
    decidedOn       | collectedAt                             | timely
    ${'2026-05-11'} | ${'2026-05-20T23:59:59+08:00'}          | ${true}
    ${'2026-05-11'} | ${'2026-05-21T00:00:01+08:00'}          | ${false}
    ${'2026-04-30'} | ${'2026-05-13T18:00:00+08:00'}          | ${true}
    ${'2026-04-30'} | ${'2026-05-14T09:00:00+08:00'}          | ${false}
    ${'2026-09-30'} | ${'2026-10-14T12:00:00+08:00'}          | ${true}
    ${'2023-06-01'} | ${'2026-05-18T10:00:00+08:00'}          | ${false}
  `('decided $decidedOn, collected $collectedAt: timely $timely', ({ decidedOn, collectedAt, timely }) => {
    expect(timelinessOf(decidedOn, new Date(collectedAt), calendar).timely).toBe(timely);
  });

  it('records the end of the 7th working day and the published calendar it was computed on', () => {
    expect(timelinessOf('2026-05-11', new Date('2026-05-12T09:00:00+08:00'), calendar)).toEqual({
      timely: true,
      timeliness: { dueBy: '2026-05-20T23:59:59.999+08:00', calendar: [{ year: 2026, version: 1, provisional: false }] },
    });
  });

  it('a decision long before its collection is late without a calendar', () => {
    expect(timelinessOf('2023-06-01', new Date('2026-05-18T10:00:00+08:00'), calendar)).toEqual({ timely: false });
  });

  it('a period reaching into a year without a published schedule is marked provisional', () => {
    // 2026-12-24 (Thursday): 25, 28, 29, 30, 31 December; 1 January is 元旦; 4 and 5 January 2027.
    expect(timelinessOf('2026-12-24', new Date('2027-01-05T10:00:00+08:00'), calendar)).toEqual({
      timely: true,
      timeliness: {
        dueBy: '2027-01-05T23:59:59.999+08:00',
        calendar: [
          { year: 2026, version: 1, provisional: false },
          { year: 2027, version: 0, provisional: true },
        ],
      },
    });
  });
});

describe('timeliness judged again when a year is published', () => {
  const year2027 = (over: Partial<PublishedCalendarYear>): PublishedCalendarYear => ({
    year: 2027,
    version: 1,
    source: '国务院办公厅关于2027年部分节假日安排的通知',
    holidays: [['2027-01-01', '2027-01-01']],
    workingWeekendDays: [],
    ...over,
  });
  const decidedOn = '2026-12-24';

  it('a working Saturday brings the 7th working day forward: a timely record becomes late, and says it moved earlier', () => {
    const collectedAt = new Date('2027-01-05T10:00:00+08:00');
    const recorded = timelinessOf(decidedOn, collectedAt, calendar);
    const published = calendar.withYear(year2027({ workingWeekendDays: ['2027-01-02' as IsoDate] }));
    expect(rejudgeTimeliness(recorded, decidedOn, collectedAt, published)).toEqual({
      timely: false,
      previousTimely: true,
      timeliness: {
        dueBy: '2027-01-04T23:59:59.999+08:00',
        calendar: [
          { year: 2026, version: 1, provisional: false },
          { year: 2027, version: 1, provisional: false },
        ],
      },
      previousDueBy: '2027-01-05T23:59:59.999+08:00',
      movedEarlier: true,
    });
  });

  it('an extra holiday moves it later: a late record becomes timely', () => {
    const collectedAt = new Date('2027-01-06T10:00:00+08:00');
    const recorded = timelinessOf(decidedOn, collectedAt, calendar);
    expect(recorded.timely).toBe(false);
    const published = calendar.withYear(year2027({ holidays: [['2027-01-01', '2027-01-04']] }));
    expect(rejudgeTimeliness(recorded, decidedOn, collectedAt, published)).toMatchObject({
      timely: true,
      previousTimely: false,
      timeliness: { dueBy: '2027-01-06T23:59:59.999+08:00' },
      movedEarlier: false,
    });
  });

  it('the same days on the published calendar still record the new basis (version 1, not provisional)', () => {
    const collectedAt = new Date('2027-01-05T10:00:00+08:00');
    const recorded = timelinessOf(decidedOn, collectedAt, calendar);
    const again = rejudgeTimeliness(recorded, decidedOn, collectedAt, calendar.withYear(year2027({})));
    expect(again).toMatchObject({ timely: true, previousTimely: true, movedEarlier: false, timeliness: { dueBy: '2027-01-05T23:59:59.999+08:00' } });
    expect(again?.timeliness.calendar).toContainEqual({ year: 2027, version: 1, provisional: false });
  });

  it('a later version of a published year that leaves the 7th working day in place is not judged again', () => {
    const collectedAt = new Date('2027-01-05T10:00:00+08:00');
    const v1 = calendar.withYear(year2027({}));
    const recorded = timelinessOf(decidedOn, collectedAt, v1);
    expect(rejudgeTimeliness(recorded, decidedOn, collectedAt, v1.withYear(year2027({ version: 2, holidays: [['2027-01-01', '2027-01-01'], ['2027-10-01', '2027-10-07']] })))).toBeNull();
    const moved = rejudgeTimeliness(recorded, decidedOn, collectedAt, v1.withYear(year2027({ version: 2, holidays: [['2027-01-01', '2027-01-04']] })));
    expect(moved).toMatchObject({ timely: true, previousTimely: true, previousDueBy: '2027-01-05T23:59:59.999+08:00', timeliness: { dueBy: '2027-01-06T23:59:59.999+08:00' } });
  });

  it('nothing to judge again: the same calendar, or a judgement that needed none', () => {
    const collectedAt = new Date('2027-01-05T10:00:00+08:00');
    expect(rejudgeTimeliness(timelinessOf(decidedOn, collectedAt, calendar), decidedOn, collectedAt, calendar)).toBeNull();
    const old = timelinessOf('2023-06-01', collectedAt, calendar);
    expect(rejudgeTimeliness(old, '2023-06-01', collectedAt, calendar.withYear(year2027({})))).toBeNull();
  });
});
