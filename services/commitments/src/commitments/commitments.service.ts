import { isUuid, type CommitmentEvidence, type CommitmentMatterRegisteredV1, type Page } from '@credit/contracts';
import { normalizeUnitCode, todayInShanghai, toShanghaiDate, type PublishedCalendarYear, type WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError, type CommandMeta, type EventStoreTransaction, type StoredEvent } from '@credit/event-store';
import {
  actsForUnit,
  assertSourceUnit,
  CalendarService,
  commandMetaOf,
  ConflictProblem,
  DomainRuleError,
  FieldValidationProblem,
  ForbiddenProblem,
  NotFoundProblem,
  offsetOf,
  readScope,
  readsEveryUnit,
  readsRecordOf,
  RestrictedReads,
  StateConflictError,
  type CalendarPublicationCause,
  type Principal,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CommitmentsConfig } from '../config';
import { currentCommitmentMatter, type CommitmentMatterRow } from '../matters/commitment-matters.repository';
import {
  CommitmentNotFound,
  CommitmentRuleViolation,
  commitmentDecider,
  commitmentStream,
  DECIDED_ONCE_RULES,
  NotTheAcceptingUnit,
  verificationLate,
  type CommitmentCommand,
  type CommitmentLifecycleStatus,
} from './commitment.decider';
import type { CloseCommitmentDto, CommitmentListQueryDto, CommitmentStatisticsQueryDto, RecordFulfilmentDto, SignCommitmentDto } from './commitment.dto';
import { lateVerificationsTotal } from './commitment.metrics';
import { checkClosure, checkFulfilment, checkSignature } from './commitment.rules';
import { projectCommitmentEvents } from './commitments.projection';
import {
  commitmentFiguresByMatter,
  countSubjectCommitments,
  countWorkQueue,
  findCommitment,
  findProvisionalVerifications,
  listSubjectCommitments,
  listWorkQueue,
  type CommitmentFigures,
} from './commitments.repository';

/** The status as first published (FULFILLED for a kept commitment); `lifecycle.status` names the lifecycle's states. */
export type CommitmentStatus = 'IN_FORCE' | 'EXPIRED' | 'FULFILLED' | 'BREACHED' | 'FALSE' | 'WITHDRAWN';

export interface CommitmentView {
  id: string;
  status: CommitmentStatus;
  /** The USCC, or the masked ID number of a natural person (never the clear number). */
  subjectCode: string;
  subjectKind: string;
  type: string;
  matter: string;
  text: string;
  signedOn: string;
  validUntil?: string;
  public: boolean;
  acceptingUnit: { name: string; code: string };
  fulfilment?: { outcome: string; note: string; decidedOn: string; evidence?: CommitmentEvidence[] };
  /** The listed matter (承诺事项清单) it was signed under, and the version. */
  matterRef?: { departmentCode: string; code: string; version: number };
  consequenceOnBreach?: string;
  /** Due by the matter's working days after the signature; overdue while in force after `dueOn`, late when decided after it. */
  verification?: { workingDays: number; dueOn: string; provisional: boolean; evidenceRequired: string[]; overdue: boolean; late: boolean };
  lifecycle: {
    status: CommitmentLifecycleStatus;
    /** Who decided the end (the accepting unit's department and user), and when. */
    decidedBy?: { unitCode: string; user?: string };
    decidedOn?: string;
    decidedAt?: string;
    reason?: string;
  };
  version: number;
}

@Injectable()
export class CommitmentsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: CommitmentsConfig,
    private readonly restrictedReads: RestrictedReads,
    private readonly calendar: CalendarService,
  ) {}

  async sign(dto: SignCommitmentDto, ctx: RequestContext): Promise<CommitmentView> {
    const id = randomUUID();
    const unitCode = normalizeUnitCode(dto.acceptingUnit.code);
    // The matter is looked up on the accepting unit's own list: it is the unit that accepts and verifies.
    const matter = dto.matterCode === undefined || unitCode === null ? undefined : matterOf(await currentCommitmentMatter(this.dataSource, unitCode, dto.matterCode));
    const today = todayInShanghai();
    const checked = checkSignature(dto, id, { subjectIdentity: this.config.subjectIdentity, today, calendar: this.calendar.calendar, matter });
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    // The accepting unit records what was committed before it (api-contract: source unit), unless admin.
    assertSourceUnit(ctx.principal, checked.value.event.acceptingUnit.code);
    await this.execute(id, { type: 'SignCommitment', data: checked.value.event }, commandMetaOf(ctx.principal, ctx.correlationId, checked.value.subjectKey));
    return this.get(id);
  }

  async recordFulfilment(id: string, dto: RecordFulfilmentDto, ctx: RequestContext): Promise<CommitmentView> {
    const current = await this.row(id);
    // The accepting unit supervises fulfilment (domain.md §6), and only it records it (or an administrator).
    assertSourceUnit(ctx.principal, current.accepting_unit_code);
    const today = todayInShanghai();
    const checked = checkFulfilment(dto, id, today);
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    await this.execute(id, { type: 'RecordFulfilment', data: checked.value, by: ctx.principal }, commandMetaOf(ctx.principal, ctx.correlationId, current.subject_key));
    if (verificationLate(current.verification_due_on ?? undefined, today)) lateVerificationsTotal.inc({ accepting_unit: current.accepting_unit_code });
    return this.get(id);
  }

  /** Ends a commitment in force without a finding: EXPIRED (its term ran out) or WITHDRAWN. The accepting unit only. */
  async close(id: string, dto: CloseCommitmentDto, ctx: RequestContext): Promise<CommitmentView> {
    const current = await this.row(id);
    assertSourceUnit(ctx.principal, current.accepting_unit_code);
    const checked = checkClosure(dto, id, todayInShanghai());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    await this.execute(id, { type: 'CloseCommitment', data: checked.value, by: ctx.principal }, commandMetaOf(ctx.principal, ctx.correlationId, current.subject_key));
    return this.get(id);
  }

  /**
   * A commitment. A public one is read by any department; a non-public one by its accepting unit,
   * its subject (a legal person's own token) and ops/admin, whose reads of it are recorded.
   */
  async get(id: string, principal?: Principal): Promise<CommitmentView> {
    const row = await this.row(id);
    if (principal !== undefined && !row.public) {
      const owners = ownersOf(row);
      if (!readsRecordOf(principal, owners)) throw new ForbiddenProblem(`commitment ${id} is not public: it is read by its accepting unit, its subject, ops or admin`);
      await this.restrictedReads.record(principal, { resource: 'commitment', resourceId: id, ownerUnits: owners });
    }
    return toView(row);
  }

  private async row(id: string): Promise<Record<string, any>> {
    const row = isUuid(id) ? await findCommitment(this.dataSource, id) : undefined;
    if (!row) throw new NotFoundProblem(`no commitment with id ${id}`);
    return row;
  }

  /**
   * A subject's commitments (the public ones, and the non-public ones the caller may read, see `get`),
   * or, with `acceptingUnit`, that unit's work queue: its own commitments only (ops/admin any unit's).
   */
  async list(query: CommitmentListQueryDto, principal: Principal): Promise<Page<CommitmentView>> {
    const subject = query.subjectCode === undefined ? undefined : this.config.subjectIdentity.resolve(query.subjectCode);
    if (subject !== undefined && !subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: subject.message }]);
    if (query.acceptingUnit !== undefined) return this.workQueue(query, principal, subject?.subjectKey);
    if (subject === undefined) throw new FieldValidationProblem([{ field: 'subjectCode', message: 'subjectCode is required unless acceptingUnit names a work queue' }]);
    // null: ops/admin read every unit's; otherwise the caller's own unit (as accepting unit or as the subject).
    const scope = readScope(principal);
    const rows = await listSubjectCommitments(this.dataSource, subject.subjectKey, scope, query.pageSize, offsetOf(query));
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.page > 1) {
      total = await countSubjectCommitments(this.dataSource, subject.subjectKey, scope);
    }
    for (const row of rows) {
      if (!row.public) await this.restrictedReads.record(principal, { resource: 'commitment', resourceId: row.id, ownerUnits: ownersOf(row) });
    }
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total };
  }

  private async workQueue(query: CommitmentListQueryDto, principal: Principal, subjectKey: string | undefined): Promise<Page<CommitmentView>> {
    const unit = normalizeUnitCode(query.acceptingUnit!);
    if (unit === null) throw new FieldValidationProblem([{ field: 'acceptingUnit', message: 'must be a unified social credit code (GB 32100) with a valid check character' }]);
    const ownUnit = actsForUnit(principal, unit);
    if (!ownUnit && !readsEveryUnit(principal)) throw new ForbiddenProblem(`the work queue of ${unit} is its own: ${principal.departmentCode} may not read it`);
    const filter = {
      acceptingUnit: unit,
      today: todayInShanghai(),
      ...(subjectKey !== undefined && { subjectKey }),
      ...(query.status !== undefined && { status: query.status === 'FULFILLED' ? 'VERIFIED_FULFILLED' : query.status }),
      overdue: query.overdue === 'true',
    };
    const rows = await listWorkQueue(this.dataSource, filter, query.pageSize, offsetOf(query));
    const total = rows.length > 0 ? Number(rows[0].total) : query.page > 1 ? await countWorkQueue(this.dataSource, filter) : 0;
    if (!ownUnit) {
      for (const row of rows) if (!row.public) await this.restrictedReads.record(principal, { resource: 'commitment', resourceId: row.id, ownerUnits: ownersOf(row) });
    }
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * A department's figures per listed matter for the commitments signed from `from` to `to`:
   * signed, verified on time (a finding recorded by the verification day), breached (or false), and
   * their rates over the signed ones. Aggregates only: any department role reads them.
   */
  async statistics(query: CommitmentStatisticsQueryDto): Promise<CommitmentStatistics> {
    const unit = normalizeUnitCode(query.department);
    const errors = [];
    if (unit === null) errors.push({ field: 'department', message: 'must be a unified social credit code (GB 32100) with a valid check character' });
    if (query.from > query.to) errors.push({ field: 'from', message: 'from must not be after to' });
    if (unit === null || errors.length > 0) throw new FieldValidationProblem(errors);
    const rows = await commitmentFiguresByMatter(this.dataSource, unit, query.from, query.to, todayInShanghai());
    const sum = (key: keyof Omit<CommitmentFigures, 'matter_code' | 'matter'>) => rows.reduce((n, r) => n + r[key], 0);
    const totals = figures({ matter_code: null, matter: '', signed: sum('signed'), verified_on_time: sum('verified_on_time'), verified_late: sum('verified_late'), fulfilled: sum('fulfilled'), breached: sum('breached'), overdue: sum('overdue') });
    return {
      department: unit,
      from: query.from,
      to: query.to,
      ...totals,
      matters: rows.map((r) => ({ matterCode: r.matter_code, ...(r.matter_code !== null && { matter: r.matter }), ...figures(r) })),
    };
  }

  /**
   * A year's schedule was published: every commitment in force whose verification day counted that
   * year provisionally is computed again on the published calendar, in the publication's
   * transaction, each change an event of the commitment (verification-due-date-recomputed), never a
   * silent rewrite. A publication delivered again finds nothing provisional left (the decider).
   */
  async recomputeVerificationDueDates(manager: EntityManager, published: PublishedCalendarYear, calendar: WorkingDayCalendar, cause: CalendarPublicationCause): Promise<number> {
    const tx = this.store.within(manager);
    const publication = { year: published.year, version: published.version, calendar };
    let recomputed = 0;
    for (const { id, subject_key: subjectKey } of await findProvisionalVerifications(manager, published.year)) {
      const events = await this.handle(tx, id, { type: 'RecomputeVerificationDueDate', data: { commitmentId: id, publication } }, { subjectKey, ...cause });
      recomputed += events.length;
    }
    return recomputed;
  }

  private async handle(tx: EventStoreTransaction, id: string, command: CommitmentCommand, meta: CommandMeta): Promise<StoredEvent[]> {
    const { events } = await handleCommand(tx, commitmentStream(id), commitmentDecider, command, meta);
    await projectCommitmentEvents(tx.manager, events);
    return events;
  }

  private async execute(id: string, command: CommitmentCommand, meta: CommandMeta): Promise<void> {
    try {
      await this.store.transaction((tx) => this.handle(tx, id, command, meta));
    } catch (error) {
      // Decided once: a second decision conflicts with the commitment's state; the other rules may allow it later.
      if (error instanceof CommitmentRuleViolation && DECIDED_ONCE_RULES.includes(error.rule)) throw new StateConflictError(error.message, { rule: error.rule });
      if (error instanceof CommitmentRuleViolation) {
        throw new DomainRuleError(error.message, { rule: error.rule, ...(error.allowedFrom !== undefined && { allowedFrom: error.allowedFrom }) });
      }
      if (error instanceof NotTheAcceptingUnit) throw new ForbiddenProblem(error.message);
      if (error instanceof CommitmentNotFound) throw new NotFoundProblem(`no commitment with id ${id}`);
      if (error instanceof WrongExpectedVersionError) throw new ConflictProblem('the commitment was changed concurrently; read it again');
      throw error;
    }
  }
}

export interface CommitmentFigureView {
  signed: number;
  verifiedOnTime: number;
  verifiedLate: number;
  fulfilled: number;
  breached: number;
  overdue: number;
  /** verifiedOnTime ÷ signed (4 decimals); null when nothing was signed. */
  onTimeRate: number | null;
  /** breached (or false) ÷ signed. */
  breachRate: number | null;
}

export interface CommitmentStatistics extends CommitmentFigureView {
  department: string;
  from: string;
  to: string;
  /** Per listed matter; `matterCode: null` gathers the commitments signed without one. */
  matters: (CommitmentFigureView & { matterCode: string | null; matter?: string })[];
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function figures(r: CommitmentFigures): CommitmentFigureView {
  return {
    signed: r.signed,
    verifiedOnTime: r.verified_on_time,
    verifiedLate: r.verified_late,
    fulfilled: r.fulfilled,
    breached: r.breached,
    overdue: r.overdue,
    onTimeRate: rate(r.verified_on_time, r.signed),
    breachRate: rate(r.breached, r.signed),
  };
}

/** The units a non-public commitment belongs to: its accepting unit, and its subject when that is a unit (a USCC). */
const ownersOf = (row: Record<string, any>): string[] => [row.accepting_unit_code, ...(row.subject_code ? [row.subject_code as string] : [])];

/** A listed matter's current version as its registration said it (null: not on the list). */
function matterOf(row: CommitmentMatterRow | undefined): CommitmentMatterRegisteredV1 | null {
  if (!row) return null;
  return {
    departmentCode: row.department_code,
    departmentName: row.department_name,
    code: row.code,
    matterVersion: row.matter_version,
    name: row.name,
    type: row.type as CommitmentMatterRegisteredV1['type'],
    legalBasis: row.legal_basis,
    template: row.template,
    verification: { workingDays: row.verification_working_days, evidenceRequired: row.evidence_required },
    consequenceOnBreach: row.consequence_on_breach as CommitmentMatterRegisteredV1['consequenceOnBreach'],
    public: row.public,
  };
}

function toView(row: Record<string, any>): CommitmentView {
  const today = todayInShanghai();
  const expiredByTerm = row.valid_until && row.valid_until < today;
  const status: CommitmentStatus = row.outcome ?? row.closed_status ?? (expiredByTerm ? 'EXPIRED' : 'IN_FORCE');
  const lifecycleStatus: CommitmentLifecycleStatus = status === 'FULFILLED' ? 'VERIFIED_FULFILLED' : status;
  const decidedAt = row.decided_at ? new Date(row.decided_at) : undefined;
  const dueOn: string | undefined = row.verification_due_on ?? undefined;
  return {
    id: row.id,
    status,
    subjectCode: row.subject_code ?? row.masked_code,
    subjectKind: row.subject_kind,
    type: row.type,
    matter: row.matter,
    text: row.text,
    signedOn: row.signed_on,
    ...(row.valid_until && { validUntil: row.valid_until as string }),
    public: row.public,
    acceptingUnit: { name: row.accepting_unit_name, code: row.accepting_unit_code },
    ...(row.outcome && {
      fulfilment: { outcome: row.outcome, note: row.outcome_note, decidedOn: row.decided_on, ...(row.outcome_evidence && { evidence: row.outcome_evidence as CommitmentEvidence[] }) },
    }),
    ...(row.matter_code && { matterRef: { departmentCode: row.matter_department_code, code: row.matter_code, version: row.matter_version } }),
    ...(row.consequence_on_breach && { consequenceOnBreach: row.consequence_on_breach as string }),
    ...(dueOn !== undefined && {
      verification: {
        workingDays: row.verification_working_days,
        dueOn,
        provisional: row.verification_provisional,
        evidenceRequired: row.evidence_required ?? [],
        overdue: lifecycleStatus === 'IN_FORCE' && verificationLate(dueOn, today),
        late: decidedAt !== undefined && row.outcome !== null && verificationLate(dueOn, toShanghaiDate(decidedAt)),
      },
    }),
    lifecycle: {
      status: lifecycleStatus,
      ...(row.decided_by_unit && { decidedBy: { unitCode: row.decided_by_unit as string, ...(row.decided_by_user && { user: row.decided_by_user as string }) } }),
      ...(row.decided_on && { decidedOn: row.decided_on as string }),
      ...(decidedAt && { decidedAt: decidedAt.toISOString() }),
      ...(row.closure_reason && { reason: row.closure_reason as string }),
    },
    version: row.stream_version,
  };
}
