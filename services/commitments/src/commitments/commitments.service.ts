import { isUuid, type Page } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError, type CommandMeta } from '@credit/event-store';
import {
  assertSourceUnit,
  commandMetaOf,
  ConflictProblem,
  DomainRuleError,
  FieldValidationProblem,
  ForbiddenProblem,
  NotFoundProblem,
  offsetOf,
  readScope,
  readsRecordOf,
  RestrictedReads,
  StateConflictError,
  type Principal,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommitmentsConfig } from '../config';
import { CommitmentNotFound, CommitmentRuleViolation, commitmentDecider, commitmentStream, type CommitmentCommand } from './commitment.decider';
import type { CommitmentListQueryDto, RecordFulfilmentDto, SignCommitmentDto } from './commitment.dto';
import { checkFulfilment, checkSignature } from './commitment.rules';
import { projectCommitmentEvents } from './commitments.projection';
import { countSubjectCommitments, findCommitment, findCommitmentSubjectKey, listSubjectCommitments } from './commitments.repository';

export type CommitmentStatus = 'IN_FORCE' | 'EXPIRED' | 'FULFILLED' | 'BREACHED' | 'FALSE';

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
  fulfilment?: { outcome: string; note: string; decidedOn: string };
  version: number;
}

@Injectable()
export class CommitmentsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: CommitmentsConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  async sign(dto: SignCommitmentDto, ctx: RequestContext): Promise<CommitmentView> {
    const id = randomUUID();
    const checked = checkSignature(dto, id, { subjectIdentity: this.config.subjectIdentity, today: todayInShanghai() });
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
    const checked = checkFulfilment(dto, id, todayInShanghai());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    const row = await findCommitmentSubjectKey(this.dataSource, id);
    await this.execute(id, { type: 'RecordFulfilment', data: checked.value }, commandMetaOf(ctx.principal, ctx.correlationId, row!.subject_key));
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

  /** A subject's commitments: the public ones, and the non-public ones the caller may read (see `get`). */
  async list(query: CommitmentListQueryDto, principal: Principal): Promise<Page<CommitmentView>> {
    const subject = this.config.subjectIdentity.resolve(query.subjectCode);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: subject.message }]);
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

  private async execute(id: string, command: CommitmentCommand, meta: CommandMeta): Promise<void> {
    try {
      await this.store.transaction(async (tx) => {
        const { events } = await handleCommand(tx, commitmentStream(id), commitmentDecider, command, meta);
        await projectCommitmentEvents(tx.manager, events);
      });
    } catch (error) {
      // Recorded once: a second finding conflicts with the commitment's state; the other rules may allow it later.
      if (error instanceof CommitmentRuleViolation && error.rule === 'fulfilment-recorded-once') throw new StateConflictError(error.message, { rule: error.rule });
      if (error instanceof CommitmentRuleViolation) throw new DomainRuleError(error.message, { rule: error.rule });
      if (error instanceof CommitmentNotFound) throw new NotFoundProblem(`no commitment with id ${id}`);
      if (error instanceof WrongExpectedVersionError) throw new ConflictProblem('the commitment was changed concurrently; read it again');
      throw error;
    }
  }
}

/** The units a non-public commitment belongs to: its accepting unit, and its subject when that is a unit (a USCC). */
const ownersOf = (row: Record<string, any>): string[] => [row.accepting_unit_code, ...(row.subject_code ? [row.subject_code as string] : [])];

function toView(row: Record<string, any>): CommitmentView {
  const today = todayInShanghai();
  const status: CommitmentStatus = row.outcome ?? (row.valid_until && row.valid_until < today ? 'EXPIRED' : 'IN_FORCE');
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
    ...(row.outcome && { fulfilment: { outcome: row.outcome, note: row.outcome_note, decidedOn: row.decided_on } }),
    version: row.stream_version,
  };
}
