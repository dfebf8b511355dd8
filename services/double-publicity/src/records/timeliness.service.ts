import type { TimelinessRecordType, TimelinessRecomputedV1 } from '@credit/contracts';
import type { PublishedCalendarYear, WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { CalendarService, type CalendarPublicationCause } from '@credit/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { administrativeActionStream } from '../actions/action.decider';
import { licenseStream } from '../licenses/license.decider';
import { penaltyStream } from '../penalties/penalty.decider';
import { rejudgeTimeliness, type Timeliness } from './timeliness';
import { timelinessDecider } from './timeliness.decider';

/** Where each kind of 双公示 record is kept, and its stream. */
const RECORD_KINDS: readonly { recordType: TimelinessRecordType; table: string; stream: (id: string) => string }[] = [
  { recordType: 'PENALTY', table: 'penalties', stream: penaltyStream },
  { recordType: 'LICENSE', table: 'licenses', stream: licenseStream },
  { recordType: 'ADMINISTRATIVE_ACTION', table: 'administrative_actions', stream: administrativeActionStream },
];

interface JudgedRow {
  id: string;
  subject_key: string;
  decided_on: string;
  recorded_at: Date;
  judgement: Timeliness;
}

/**
 * Policy: a published calendar year judges again the timeliness of the records whose 7 working days
 * counted days of that year. Each change is an event on the record's stream (timeliness-recomputed),
 * appended in the publication's transaction, and the read model's `timely` (which the quality
 * figures count) follows it.
 */
@Injectable()
export class TimelinessService implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.calendar.onPublished(async (manager, published, calendar, cause) => {
      await this.rejudge(manager, published, calendar, cause);
    });
  }

  async rejudge(manager: EntityManager, published: PublishedCalendarYear, calendar: WorkingDayCalendar, cause: CalendarPublicationCause): Promise<number> {
    const tx = this.store.within(manager);
    let changed = 0;
    for (const kind of RECORD_KINDS) {
      // Only records judged on a calendar that includes the published year; a decision counts at
      // most a few weeks of working days, so it lies in that year or the one before.
      const rows: JudgedRow[] = await manager.query(
        `SELECT id, subject_key, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, recorded_at,
                jsonb_build_object('timely', record->'timely', 'timeliness', record->'timeliness') AS judgement
           FROM ${kind.table}
          WHERE EXTRACT(YEAR FROM decided_on) BETWEEN $1::int - 1 AND $1::int
            AND record->'timeliness'->'calendar' @> jsonb_build_array(jsonb_build_object('year', $1::int))
          ORDER BY recorded_at, id`,
        [published.year],
      );
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
        await manager.query(
          `UPDATE ${kind.table}
              SET timely = $2, record = record || jsonb_build_object('timely', $2::boolean, 'timeliness', $3::jsonb), stream_version = $4
            WHERE id = $1`,
          [row.id, again.timely, JSON.stringify(again.timeliness), stored.streamVersion],
        );
        changed += 1;
      }
    }
    return changed;
  }
}
