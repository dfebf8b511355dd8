/**
 * 双公示 timeliness remembers its calendar, and is judged again through an event when the credit
 * office publishes a schedule for a year it counted: the compiled service in its own process on a
 * real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 *
 * Dates are relative to today, so the case holds on any day: a record decided so that its 7th
 * working day was the working day before today is late when collected today; a new version of that
 * year's schedule that makes that day a holiday moves the 7th working day to today or later, and
 * the record becomes timely.
 */
import { eventRegistry } from '@credit/contracts';
import { todayInShanghai, type IsoDate } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { CalendarService } from '@credit/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TimelinessCalendarReaction } from '../src/records/timeliness-calendar.reaction';
import { TimelinessService } from '../src/records/timeliness.service';
import { as, DEPARTMENT, license, penalty, useDoublePublicity } from './support/double-publicity.fixture';

const addDays = (date: IsoDate, days: number): IsoDate => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) as IsoDate;

describe('double-publicity timeliness on the working-day calendar', () => {
  const h = useDoublePublicity('timeliness');
  const { call } = h;

  it('records the 7th working day and its calendar, and judges the record again through an event when that year is republished', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: h.db.url });
    await dataSource.initialize();
    try {
      const calendarService = new CalendarService(dataSource);
      await calendarService.refresh();
      const calendar = calendarService.calendar;
      const today = todayInShanghai() as IsoDate;
      let lastTimelyDay = addDays(today, -1);
      while (!calendar.isWorkingDay(lastTimelyDay)) lastTimelyDay = addDays(lastTimelyDay, -1);
      let decidedOn = addDays(lastTimelyDay, -1);
      while (calendar.addWorkingDays(decidedOn, 7) !== lastTimelyDay) decidedOn = addDays(decidedOn, -1);
      const year = Number(lastTimelyDay.slice(0, 4));

      const recorded = await call('POST', '/api/v1/penalties', penalty({ decidedOn }), as(h.tokens.submitter));
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ timely: false, timeliness: { dueBy: `${lastTimelyDay}T23:59:59.999+08:00` } });
      expect(recorded.body.timeliness.calendar).toContainEqual(calendar.basisOf(year));
      const licence = await call('POST', '/api/v1/licenses', license({ decidedOn, validFrom: decidedOn }), as(h.tokens.submitter));
      expect(licence.status).toBe(201);
      expect(licence.body).toMatchObject({ timely: false, timeliness: { dueBy: `${lastTimelyDay}T23:59:59.999+08:00` } });

      // What the service's consumer does with calendar-year-published, in one transaction.
      const current = calendar.yearView(year);
      const publication = {
        year,
        version: current.version + 1,
        source: `${year}年节假日安排（更正，测试）`,
        holidays: [...current.holidays, [lastTimelyDay, lastTimelyDay]] as [string, string][],
        workingWeekendDays: current.workingWeekendDays,
      };
      new TimelinessCalendarReaction(calendarService, new TimelinessService(new EventStore(dataSource))).onModuleInit();
      const publicationId = randomUUID();
      const cause = { causationId: null, actor: { departmentCode: DEPARTMENT, user: 'credit-office' } };
      await dataSource.transaction((manager) => calendarService.applyPublished(manager, publication, { ...cause, correlationId: publicationId }));
      // The same publication again (a redelivery) changes nothing.
      await dataSource.transaction((manager) => calendarService.applyPublished(manager, publication, { ...cause, correlationId: randomUUID() }));

      const dueBy = `${calendar.withYear(publication).addWorkingDays(decidedOn, 7)}T23:59:59.999+08:00`;
      const after = await call('GET', `/api/v1/penalties/${recorded.body.id}`, undefined, as(h.tokens.reader));
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ timely: true, timeliness: { dueBy } });
      expect(after.body.timeliness.calendar).toContainEqual({ year, version: publication.version, provisional: false });
      const recomputations = after.body.history.filter((e: { type: string }) => e.type === 'double-publicity.timeliness-recomputed');
      expect(recomputations).toHaveLength(1);
      expect(recomputations[0]).toMatchObject({
        correlationId: publicationId,
        data: {
          recordId: recorded.body.id,
          recordType: 'PENALTY',
          timely: true,
          previousTimely: false,
          previousDueBy: `${lastTimelyDay}T23:59:59.999+08:00`,
          dueBy,
          movedEarlier: false,
          calendarYear: year,
          calendarVersion: publication.version,
        },
      });

      // The read models the quality figures count follow; the licence's own stream has its event.
      const [penaltyRow] = await h.query(`SELECT timely FROM penalties WHERE id = $1`, [recorded.body.id]);
      const [licenceRow] = await h.query(`SELECT timely, record->'timeliness'->>'dueBy' AS due_by FROM licenses WHERE id = $1`, [licence.body.id]);
      expect(penaltyRow).toEqual({ timely: true });
      expect(licenceRow).toEqual({ timely: true, due_by: dueBy });
      const licenceEvents = await h.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [`license-${licence.body.id}`]);
      expect(licenceEvents.map((e) => e.type)).toEqual(['double-publicity.license-published', 'double-publicity.timeliness-recomputed']);

      // On the topic, valid by the contract.
      const event = await h.probe.waitForMessage((e) => e.type === 'double-publicity.timeliness-recomputed' && e.correlationId === publicationId, 30_000);
      expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    } finally {
      await dataSource.destroy();
    }
  });
});
