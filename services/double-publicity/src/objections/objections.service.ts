import { isUuid, newEventId, type ObjectionDueDateRecomputedV1, type ObjectionOutcome, type ObjectionRecordType } from '@credit/contracts';
import { todayInShanghai, maskIdNumbersInText, type CalendarBasis, type Deadline, type PublishedCalendarYear, type WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore, handleCommand, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import {
  assertSourceUnit,
  commandMetaOf,
  DomainRuleError,
  FieldValidationProblem,
  ForbiddenProblem,
  NotFoundProblem,
  readsRecordOf,
  recomputeOpenDeadlines,
  RestrictedReads,
  StateConflictError,
  type CalendarPublicationCause,
  type Principal,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { CorrectionsService } from '../corrections/corrections.service';
import { projectPenaltyEvents } from '../penalties/penalties.projection';
import { PenaltyNotInPublicity, penaltyDecider, penaltyStream } from '../penalties/penalty.decider';
import { ObjectionAlreadyResolved, objectionDecider, objectionStream, type ObjectionCommand } from './objection.decider';
import type { FileObjectionDto, ResolveObjectionDto } from './objection.dto';
import { projectObjectionEvents } from './objections.projection';
import { findAdministrativeActionType, findObjectedRecord, findObjection, OPEN_OBJECTIONS, type ObjectionRow } from './objections.repository';

/** The coordinated answer is due within 5 working days (domain.md §2, seed 001). */
export const OBJECTION_DUE_WORKING_DAYS = 5;

/** The end of the 5th working day after the filing date (domain.md §2, §8), with the calendar it rests on. */
export function objectionDeadline(filedOn: string, calendar: WorkingDayCalendar): Deadline {
  return calendar.deadline(filedOn, OBJECTION_DUE_WORKING_DAYS);
}

export interface ObjectionView {
  id: string;
  recordId: string;
  recordType: ObjectionRecordType;
  maskedCode: string;
  status: 'OPEN' | 'RESOLVED';
  filedOn: string;
  dueBy: string;
  /** True while the due time rests on a year without a published schedule (it may move when the year is published). */
  dueByProvisional: boolean;
  /** The calendar the due time was computed on, per year it spans (absent on objections filed before it was recorded). */
  calendar?: CalendarBasis[];
  outcome?: ObjectionOutcome;
  note?: string;
  resolvedOn?: string;
  late?: boolean;
  /** The correction an upheld objection applied to the record. */
  correctionEventId?: string;
  /** A penalty's publicity after the answer: whether the upheld objection took it out of publicity. */
  recordPublicity?: string;
  /** When the credit website showed what the upheld objection changed (credit-portal's acknowledgement). */
  websiteUpdatedAt?: string;
}

/** One event of an objection's history, with the due times it told. */
export interface ObjectionHistoryEntry {
  type: string;
  recordedAt: string;
  dueBy?: string;
  previousDueBy?: string;
  calendar?: CalendarBasis[];
  movedEarlier?: boolean;
}

@Injectable()
export class ObjectionsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    private readonly corrections: CorrectionsService,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  /** `now` is the filing time (the clock is a parameter so that the due date can be tested on any day). */
  async file(dto: FileObjectionDto, ctx: RequestContext, now = new Date()): Promise<{ id: string; status: 'OPEN'; dueBy: string; dueByProvisional: boolean }> {
    const subject = this.config.subjectIdentity.resolve(dto.subjectCode);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: `subjectCode ${subject.message}` }]);
    // A penalty, or a licence (always public: it has no publicity window to leave).
    const record = await findObjectedRecord(this.dataSource, dto.recordId);
    if (!record) {
      // Other administrative actions have no publicity window and no correction path an upheld objection could take.
      const action = await findAdministrativeActionType(this.dataSource, dto.recordId);
      if (action) {
        throw new DomainRuleError(
          `record ${dto.recordId} is an administrative action record (${action.action_type}): objections are filed against penalty and licence records, ` +
            'the only records an upheld objection can correct or withdraw; ask the source unit of the action instead',
          { rule: 'objection.record-type' },
        );
      }
      throw new NotFoundProblem(`no penalty or licence record ${dto.recordId}`);
    }
    // Only the record's own subject objects to it; the message never repeats the code it was given.
    if (record.subject_key !== subject.subjectKey) {
      throw new DomainRuleError(`subjectCode is not the subject of record ${dto.recordId}: only the subject of a record may object to it`, {
        rule: 'objection.subject-of-record',
      });
    }
    // Objections are to published records (domain.md §2); a withdrawn or unpublished one shows nothing to object to.
    if (record.publicity_status !== 'PUBLISHED') {
      throw new DomainRuleError(`record ${dto.recordId} is not in publicity (${record.publicity_status}): objections are to published records`, {
        rule: 'objection.record-in-publicity',
      });
    }
    const objectionId = newEventId();
    const filedOn = todayInShanghai(now);
    const { dueBy, provisional, calendar } = objectionDeadline(filedOn, this.config.calendar);
    const command: ObjectionCommand = {
      type: 'FileObjection',
      data: {
        objectionId,
        recordId: dto.recordId,
        recordType: record.record_type,
        maskedCode: subject.maskedCode,
        reason: maskIdNumbersInText(dto.reason.trim()),
        contact: maskIdNumbersInText(dto.contact.trim()),
        filedOn,
        dueBy,
        calendar,
      },
    };
    await this.store.transaction((tx) => this.handle(tx, objectionId, command, commandMetaOf(ctx.principal, ctx.correlationId, subject.subjectKey)));
    return { id: objectionId, status: 'OPEN', dueBy, dueByProvisional: provisional };
  }

  /**
   * A reviewer's answer (domain.md §2: "an upheld objection corrects or withdraws the record").
   * Upheld with corrections: the record is corrected through the source unit's correction path;
   * upheld without: a penalty leaves publicity (reason OBJECTION). Either happens in the same
   * transaction as the resolution, so the two never disagree.
   */
  async resolve(id: string, dto: ResolveObjectionDto, ctx: RequestContext): Promise<ObjectionView> {
    const row = await this.row(id);
    if (!row) throw new NotFoundProblem(`no objection ${id}`);
    // Resolved by the record's source unit only, as a direct correction of the record would be.
    assertSourceUnit(ctx.principal, row.record_source_unit);
    const corrections = dto.corrections;
    if (corrections !== undefined) {
      if (dto.outcome !== 'UPHELD') throw new FieldValidationProblem([{ field: 'corrections', message: 'corrections are given only with outcome UPHELD' }]);
      const refused = this.corrections.refusedFields(row.record_type, corrections, 'corrections');
      if (refused.length > 0) throw new FieldValidationProblem(refused);
    } else if (dto.outcome === 'UPHELD' && row.record_type === 'LICENSE') {
      throw new FieldValidationProblem([
        { field: 'corrections', message: 'corrections are required to uphold an objection to a licence record: a licence has no publicity to withdraw' },
      ]);
    }
    const now = new Date();
    const resolvedOn = todayInShanghai(now);
    const note = maskIdNumbersInText(dto.note.trim());
    const resolutionMeta = commandMetaOf(ctx.principal, ctx.correlationId, row.subject_key);
    try {
      await this.store.transaction(async (tx) => {
        if (corrections !== undefined) {
          // Corrected first so the resolution names the correction; a resolution refused below rolls both back.
          const correctionEventId = await this.corrections.applyTo(row.record_type, tx, row.record_id, corrections, note, ctx, { objectionId: id, field: 'corrections' });
          const data = { outcome: dto.outcome, note, resolvedOn, at: now, ...(correctionEventId !== null && { correctionEventId }) };
          await this.handle(tx, id, { type: 'ResolveObjection', data }, resolutionMeta);
          return;
        }
        await this.handle(tx, id, { type: 'ResolveObjection', data: { outcome: dto.outcome, note, resolvedOn, at: now } }, resolutionMeta);
        if (dto.outcome !== 'UPHELD') return;
        try {
          const { events } = await handleCommand(
            tx,
            penaltyStream(row.record_id),
            penaltyDecider,
            { type: 'WithdrawPublicity', data: { reason: 'OBJECTION', objectionId: id, note, withdrawnOn: resolvedOn } },
            resolutionMeta,
          );
          await projectPenaltyEvents(tx.manager, events);
        } catch (error) {
          // Withdrawn meanwhile (repair, revocation): the objection is still answered, there is nothing left to withdraw.
          if (!(error instanceof PenaltyNotInPublicity)) throw error;
        }
      });
    } catch (error) {
      if (error instanceof ObjectionAlreadyResolved) throw new StateConflictError(error.message, { rule: 'objection.resolved-once' });
      throw error;
    }
    return toView((await this.row(id))!);
  }

  /** An objection with its history: each event of its stream, with the due times it told (objection-filed, -due-date-recomputed). */
  async get(id: string, principal: Principal): Promise<ObjectionView & { history: ObjectionHistoryEntry[] }> {
    const row = await this.row(id);
    if (!row) throw new NotFoundProblem(`no objection ${id}`);
    // Not public: the record's source unit reads it; operations and administrators read any, on record.
    if (!readsRecordOf(principal, [row.record_source_unit])) {
      throw new ForbiddenProblem(`objection ${id} concerns a record of another unit: it is read by that unit, ops or admin`);
    }
    await this.restrictedReads.record(principal, { resource: 'objection', resourceId: id, ownerUnits: [row.record_source_unit] });
    const history = (await this.store.readStream(objectionStream(id))).map((stored): ObjectionHistoryEntry => {
      const data = stored.data as Partial<ObjectionDueDateRecomputedV1> & { dueBy?: string };
      return {
        type: stored.type,
        recordedAt: stored.recordedAt,
        ...(data.dueBy !== undefined && { dueBy: data.dueBy }),
        ...(data.previousDueBy !== undefined && { previousDueBy: data.previousDueBy }),
        ...(data.calendar !== undefined && { calendar: data.calendar }),
        ...(data.movedEarlier !== undefined && { movedEarlier: data.movedEarlier }),
      };
    });
    return { ...toView(row), history };
  }

  /**
   * A year's schedule was published: every open objection whose due time counts days of that year
   * is recomputed on the new calendar, in the publication's transaction, and each change is an
   * event of the objection (objection-due-date-recomputed), never a silent rewrite.
   */
  async recomputeDueDates(manager: EntityManager, published: PublishedCalendarYear, calendar: WorkingDayCalendar, cause: CalendarPublicationCause): Promise<number> {
    const open = { ...OPEN_OBJECTIONS, workingDays: OBJECTION_DUE_WORKING_DAYS };
    const recomputations = await recomputeOpenDeadlines(manager, open, published, calendar);
    const tx = this.store.within(manager);
    for (const { id, subjectKey, data } of recomputations) {
      await this.handle(tx, id, { type: 'RecomputeDueBy', data }, { subjectKey, ...cause });
    }
    return recomputations.length;
  }

  private async handle(tx: EventStoreTransaction, objectionId: string, command: ObjectionCommand, commandMeta: CommandMeta): Promise<void> {
    const { events } = await handleCommand(tx, objectionStream(objectionId), objectionDecider, command, commandMeta);
    await projectObjectionEvents(tx.manager, events);
  }

  private async row(id: string): Promise<ObjectionRow | undefined> {
    if (!isUuid(id)) return undefined;
    return findObjection(this.dataSource, id);
  }
}

function toView(row: ObjectionRow): ObjectionView {
  return {
    id: row.id,
    recordId: row.record_id,
    recordType: row.record_type,
    maskedCode: row.masked_code,
    status: row.status,
    filedOn: row.filed_on,
    dueBy: new Date(row.due_by).toISOString(),
    dueByProvisional: row.due_by_provisional,
    ...(row.due_by_calendar !== null && { calendar: row.due_by_calendar }),
    ...(row.outcome !== null && { outcome: row.outcome }),
    ...(row.note !== null && { note: row.note }),
    ...(row.resolved_on !== null && { resolvedOn: row.resolved_on }),
    ...(row.late !== null && { late: row.late }),
    ...(row.correction_event_id !== null && { correctionEventId: row.correction_event_id }),
    ...(row.publicity_status !== null && { recordPublicity: row.publicity_status }),
    ...(row.website_updated_at !== null && { websiteUpdatedAt: new Date(row.website_updated_at).toISOString() }),
  };
}
