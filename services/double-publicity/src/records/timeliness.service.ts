import type { TimelinessRecordType, TimelinessRecomputedV1 } from '@credit/contracts';
import type { PublishedCalendarYear, WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import type { CalendarPublicationCause } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { administrativeActionStream } from '../actions/action.decider';
import { licenseStream } from '../licenses/license.decider';
import { penaltyStream } from '../penalties/penalty.decider';
import { rejudgeTimeliness } from './timeliness.rules';
import { recordsJudgedOnYear, updateRecordTimeliness, type RecordTable } from './timeliness.repository';
import { timelinessDecider } from './timeliness.decider';

/** Where each kind of 双公示 record is kept, and its stream. */
const RECORD_KINDS: readonly { recordType: TimelinessRecordType; table: RecordTable; stream: (id: string) => string }[] = [
  { recordType: 'PENALTY', table: 'penalties', stream: penaltyStream },
  { recordType: 'LICENSE', table: 'licenses', stream: licenseStream },
  { recordType: 'ADMINISTRATIVE_ACTION', table: 'administrative_actions', stream: administrativeActionStream },
];

/**
 * Policy: a published calendar year judges again the timeliness of the records whose 7 working days
 * counted days of that year. Each change is an event on the record's stream (timeliness-recomputed),
 * appended in the publication's transaction (timeliness-calendar.reaction.ts), and the read model's
 * `timely` (which the quality figures count) follows it.
 */
@Injectable()
export class TimelinessService {
  constructor(private readonly store: EventStore) {}

  async rejudge(manager: EntityManager, published: PublishedCalendarYear, calendar: WorkingDayCalendar, cause: CalendarPublicationCause): Promise<number> {
    const tx = this.store.within(manager);
    let changed = 0;
    for (const kind of RECORD_KINDS) {
      // Only records judged on a calendar that includes the published year; a decision counts at
      // most a few weeks of working days, so it lies in that year or the one before.
      const rows = await recordsJudgedOnYear(manager, kind.table, published.year);
      for (const row of rows) {
        const again = rejudgeTimeliness(row.judgement, row.decided_on, new Date(row.recorded_at), calendar);
        if (again === null) continue;
        const data: TimelinessRecomputedV1 = {
          recordId: row.id,
          recordType: kind.recordType,
          timely: again.timely,
          previousTimely: again.previousTimely,
          previousDueBy: again.previousDueBy,
          dueBy: again.timeliness.dueBy,
          calendar: again.timeliness.calendar,
          movedEarlier: again.movedEarlier,
          calendarYear: published.year,
          calendarVersion: published.version,
        };
        const { events } = await handleCommand(tx, kind.stream(row.id), timelinessDecider, { type: 'RejudgeTimeliness', data }, { subjectKey: row.subject_key, ...cause });
        const [stored] = events;
        if (stored === undefined) continue;
        await updateRecordTimeliness(manager, kind.table, row.id, again.timely, again.timeliness, stored.streamVersion);
        changed += 1;
      }
    }
    return changed;
  }
}
