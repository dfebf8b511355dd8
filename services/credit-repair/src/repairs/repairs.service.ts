import { newEventId } from '@credit/contracts';
import { todayInShanghai, type CalendarBasis, type PublishedCalendarYear, type WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore, handleCommand, type CommandMeta, type EventStoreTransaction, isUniqueViolation } from '@credit/event-store';
import {
  CalendarService,
  commandMetaOf,
  FieldValidationProblem,
  ForbiddenProblem,
  NotFoundProblem,
  recomputeOpenDeadlines,
  RestrictedReads,
  StateConflictError,
  type CalendarPublicationCause,
  type Principal,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CreditRepairConfig } from '../config';
import { findApplicationAccess, findListEntry, findPenalty, findRepairCommitments } from '../records/records.projection';
import { checkEligibility } from './eligibility.rules';
import { decisionAccess, owningUnits, readAccess, type ApplicationAccess } from './repair-access.rules';
import { repairDecider, RepairNotFound, repairStream, type RepairCommand } from './repair.decider';
import type { ApplyForRepairDto, RepairDecisionDto } from './repairs.dto';
import { projectRepairEvents } from './repairs.projection';
import { findRepairApplication, hasOpenApplicationFor, listRepairEffects } from './repairs.repository';

/** Working days the local platform has to handle an application and give feedback (domain.md §4). */
export const HANDLING_WORKING_DAYS = 3;

export interface RepairApplicationView {
  id: string;
  status: 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'COMPLETED';
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  target: { type: 'PENALTY' | 'LIST_ENTRY'; id: string };
  commitmentId: string;
  dueBy: string;
  /** True while the due time rests on a year without a published schedule (it may move when the year is published). */
  dueByProvisional: boolean;
  /** The calendar the due time was computed on, per year it spans (absent on applications made before it was recorded). */
  calendar?: CalendarBasis[];
  decidedAt?: string;
  completedAt?: string;
  effects: { service: string; effect: string; status: 'PENDING' | 'DONE' | 'FAILED'; at?: string; error?: string; deadline: string; overdue: boolean }[];
}

@Injectable()
export class RepairsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: CreditRepairConfig,
    private readonly calendar: CalendarService,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  async apply(dto: ApplyForRepairDto, ctx: RequestContext): Promise<{ id: string; status: 'SUBMITTED'; dueBy: string; dueByProvisional: boolean }> {
    const subject = this.config.subjectIdentity.resolve(dto.subjectCode);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: subject.message }]);
    const today = todayInShanghai();
    const manager = this.dataSource.manager;
    const record = dto.target.type === 'PENALTY' ? await findPenalty(manager, dto.target.id) : await findListEntry(manager, dto.target.id);
    const { commitmentId } = checkEligibility({
      subjectKey: subject.subjectKey,
      target: { type: dto.target.type, id: dto.target.id },
      record,
      commitments: await findRepairCommitments(manager, subject.subjectKey, dto.commitmentId),
      commitmentId: dto.commitmentId,
      today,
    });
    if (await this.openApplicationFor(manager, dto.target)) throw this.openApplicationConflict();

    const applicationId = newEventId();
    const { dueBy, provisional, calendar } = this.calendar.calendar.deadline(today, HANDLING_WORKING_DAYS);
    const command: RepairCommand = {
      type: 'ApplyForRepair',
      data: {
        applicationId,
        subjectCode: subject.subjectCode,
        maskedCode: subject.maskedCode,
        target: { type: dto.target.type, id: dto.target.id },
        commitmentId,
        evidence: dto.evidence.map((e) => ({ kind: e.kind.trim(), description: e.description.trim() })),
        appliedOn: today,
        dueBy,
        calendar,
      },
    };
    try {
      await this.store.transaction((tx) => this.run(tx, applicationId, command, commandMetaOf(ctx.principal, applicationId, subject.subjectKey)));
    } catch (error) {
      // Two applications for one target raced past the check above: the open-target index decides.
      if (isUniqueViolation(error)) throw this.openApplicationConflict();
      throw error;
    }
    return { id: applicationId, status: 'SUBMITTED', dueBy, dueByProvisional: provisional };
  }

  /**
   * Approves or rejects, once the caller is shown to be one who may (谁认定、谁修复): checked before
   * the application's state, so that a caller who may not decide learns nothing of it, and a refusal
   * appends nothing.
   */
  async decide(id: string, dto: RepairDecisionDto, ctx: RequestContext): Promise<RepairApplicationView> {
    const application = await this.accessOf(id);
    const access = decisionAccess(ctx.principal, application, { creditOfficeUnitCode: this.config.creditOfficeUnitCode });
    if (!access.allowed) throw new ForbiddenProblem(access.reason);
    const subjectKey = application.subjectKey;
    const command: RepairCommand = {
      type: 'DecideRepair',
      data: { approved: dto.approved, reason: dto.reason.trim(), decidedOn: todayInShanghai(), decidingUnitCode: ctx.principal.departmentCode },
    };
    try {
      // correlationId = the application id: every service follows the repair by it.
      await this.store.transaction((tx) => this.run(tx, id, command, commandMetaOf(ctx.principal, id, subjectKey)));
    } catch (error) {
      if (error instanceof RepairNotFound) throw new NotFoundProblem(`no repair application ${id}`);
      throw error;
    }
    return this.view(id);
  }

  /** Runs a command on an application's stream and projects what it decided, in the caller's transaction. */
  async run(tx: EventStoreTransaction, applicationId: string, command: RepairCommand, meta: CommandMeta): Promise<void> {
    const { events } = await handleCommand(tx, repairStream(applicationId), repairDecider, command, meta);
    await projectRepairEvents(tx.manager, events, { effectDeadlineSeconds: this.config.effectDeadlineSeconds });
  }

  /**
   * The application, for its subject, the unit that decides it, the credit office, ops and
   * administrators only; a read by a unit it does not belong to is recorded before it is answered.
   */
  async get(id: string, principal: Principal): Promise<RepairApplicationView> {
    const application = await this.accessOf(id);
    const access = readAccess(principal, application, { creditOfficeUnitCode: this.config.creditOfficeUnitCode });
    if (!access.allowed) throw new ForbiddenProblem(access.reason);
    await this.restrictedReads.record(principal, { resource: 'repair-application', resourceId: id, ownerUnits: owningUnits(application) });
    return this.view(id);
  }

  private async view(id: string): Promise<RepairApplicationView> {
    const row = await findRepairApplication(this.dataSource, id);
    if (!row) throw new NotFoundProblem(`no repair application ${id}`);
    const effects: Record<string, unknown>[] = await listRepairEffects(this.dataSource, id);
    return {
      id: row.id,
      status: row.status,
      subjectCode: row.subject_code ?? row.masked_code,
      target: { type: row.target_type, id: row.target_id },
      commitmentId: row.commitment_id,
      dueBy: iso(row.due_by) as string,
      dueByProvisional: row.due_by_provisional,
      ...(row.due_by_calendar !== null && { calendar: row.due_by_calendar }),
      ...(row.decided_at && { decidedAt: iso(row.decided_at) }),
      ...(row.completed_at && { completedAt: iso(row.completed_at) }),
      effects: effects.map((e) => ({
        service: e.service as string,
        effect: e.effect as string,
        status: e.status as 'PENDING' | 'DONE' | 'FAILED',
        ...(e.at ? { at: iso(e.at) } : {}),
        ...(e.error ? { error: e.error as string } : {}),
        deadline: iso(e.deadline) as string,
        overdue: e.overdue_alerted_at !== null,
      })),
    };
  }

  /**
   * A year's schedule was published: every undecided application whose due time counts days of that
   * year is recomputed on the new calendar, in the publication's transaction, each change an event
   * of the application (repair-due-date-recomputed), never a silent rewrite.
   */
  async recomputeDueDates(manager: EntityManager, published: PublishedCalendarYear, calendar: WorkingDayCalendar, cause: CalendarPublicationCause): Promise<number> {
    const open = { table: 'repair_applications', fromColumn: 'applied_on', openWhere: "status = 'SUBMITTED'", workingDays: HANDLING_WORKING_DAYS };
    const recomputations = await recomputeOpenDeadlines(manager, open, published, calendar);
    const tx = this.store.within(manager);
    for (const { id, subjectKey, data } of recomputations) {
      // Like every event of a repair, under the application id; caused by the publication.
      await this.run(tx, id, { type: 'RecomputeDueBy', data }, { subjectKey, correlationId: id, causationId: cause.causationId, actor: cause.actor });
    }
    return recomputations.length;
  }

  private async accessOf(id: string): Promise<ApplicationAccess> {
    const application = await findApplicationAccess(this.dataSource.manager, id);
    if (!application) throw new NotFoundProblem(`no repair application ${id}`);
    return application;
  }

  private async openApplicationFor(manager: EntityManager, target: { type: string; id: string }): Promise<boolean> {
    return hasOpenApplicationFor(manager, target);
  }

  /** Another application for the target is open (submitted or approved): a second would start the same withdrawal twice. */
  private openApplicationConflict(): StateConflictError {
    return new StateConflictError('a repair application for this target is already open', { rule: 'repair.application-open' });
  }
}

function iso(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : new Date(value as string).toISOString();
}

