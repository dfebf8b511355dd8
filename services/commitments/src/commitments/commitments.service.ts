import type { Page } from '@credit/contracts';
import { resolveSubjectCode, todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError, type CommandMeta } from '@credit/event-store';
import {
  assertSourceUnit,
  ConflictProblem,
  DomainRuleError,
  FieldValidationProblem,
  NotFoundProblem,
  offsetOf,
  type Principal,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommitmentsConfig } from '../config';
import { CommitmentNotFound, CommitmentRuleViolation, commitmentDecider, commitmentStream, type CommitmentCommand } from './commitment.decider';
import type { CommitmentListQueryDto, RecordFulfilmentDto, SignCommitmentDto } from './commitment.dto';
import { checkFulfilment, checkSignature } from './commitment.rules';
import { projectCommitmentEvents } from './commitments.projection';

export interface RequestContext {
  principal: Principal;
  correlationId: string;
}

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

const COLUMNS = `*, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
                 to_char(decided_on, 'YYYY-MM-DD') AS decided_on`;

@Injectable()
export class CommitmentsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: CommitmentsConfig,
  ) {}

  async sign(dto: SignCommitmentDto, ctx: RequestContext): Promise<CommitmentView> {
    const id = randomUUID();
    const checked = checkSignature(dto, id, { subjectKeySecret: this.config.subjectKeySecret, today: todayInShanghai() });
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    // The accepting unit records what was committed before it (api-contract: source unit), unless admin.
    assertSourceUnit(ctx.principal, checked.value.event.acceptingUnit.code);
    await this.execute(id, { type: 'SignCommitment', data: checked.value.event }, this.meta(checked.value.subjectKey, ctx));
    return this.get(id);
  }

  async recordFulfilment(id: string, dto: RecordFulfilmentDto, ctx: RequestContext): Promise<CommitmentView> {
    const current = await this.get(id);
    // The accepting unit supervises fulfilment (domain.md §6); reviewers and admins may record it too.
    if (!ctx.principal.roles.some((role) => role === 'reviewer' || role === 'admin')) {
      assertSourceUnit(ctx.principal, current.acceptingUnit.code);
    }
    const checked = checkFulfilment(dto, id, todayInShanghai());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    const [row] = await this.dataSource.query(`SELECT subject_key FROM commitments WHERE id = $1`, [id]);
    await this.execute(id, { type: 'RecordFulfilment', data: checked.value }, this.meta(row.subject_key, ctx));
    return this.get(id);
  }

  async get(id: string): Promise<CommitmentView> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM commitments WHERE id = $1`, [id]);
    if (!row) throw new NotFoundProblem(`no commitment with id ${id}`);
    return toView(row);
  }

  async list(query: CommitmentListQueryDto): Promise<Page<CommitmentView>> {
    const subject = resolveSubjectCode(query.subjectCode, this.config.subjectKeySecret);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: subject.message }]);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM commitments WHERE subject_key = $1
        ORDER BY commitments.signed_on DESC, commitments.signed_at DESC LIMIT $2 OFFSET $3`,
      [subject.subjectKey, query.pageSize, offsetOf(query)],
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.page > 1) {
      const [count] = await this.dataSource.query(`SELECT count(*)::int AS n FROM commitments WHERE subject_key = $1`, [subject.subjectKey]);
      total = count.n;
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
      if (error instanceof CommitmentRuleViolation) throw new DomainRuleError(error.message, { rule: error.rule });
      if (error instanceof CommitmentNotFound) throw new NotFoundProblem(`no commitment with id ${id}`);
      if (error instanceof WrongExpectedVersionError) throw new ConflictProblem('the commitment was changed concurrently; read it again');
      throw error;
    }
  }

  private meta(subjectKey: string, ctx: RequestContext): CommandMeta {
    return { subjectKey, correlationId: ctx.correlationId, actor: { departmentCode: ctx.principal.departmentCode, user: ctx.principal.name } };
  }
}

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
