import { isUuid, newEventId, type ObjectionOutcome } from '@credit/contracts';
import { resolveSubjectCode, todayInShanghai, maskIdNumbersInText } from '@credit/domain-kernel';
import { EventStore, handleCommand, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { DomainRuleError, FieldValidationProblem, NotFoundProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { projectPenaltyEvents } from '../penalties/penalties.projection';
import { commandMeta, type RequestContext } from '../records/record-intake';
import { PenaltyNotInPublicity, penaltyDecider, penaltyStream } from '../penalties/penalty.decider';
import { ObjectionAlreadyResolved, objectionDecider, objectionStream, type ObjectionCommand } from './objection.decider';
import type { FileObjectionDto, ResolveObjectionDto } from './objection.dto';
import { projectObjectionEvents } from './objections.projection';

/** The coordinated answer is due within 5 working days (domain.md §2, seed 001). */
export const OBJECTION_DUE_WORKING_DAYS = 5;

export interface ObjectionView {
  id: string;
  recordId: string;
  maskedCode: string;
  status: 'OPEN' | 'RESOLVED';
  filedOn: string;
  dueBy: string;
  outcome?: ObjectionOutcome;
  note?: string;
  resolvedOn?: string;
  late?: boolean;
  /** Whether the upheld objection took the record out of publicity. */
  recordPublicity?: string;
}

interface ObjectionRow {
  id: string;
  record_id: string;
  subject_key: string;
  masked_code: string;
  status: 'OPEN' | 'RESOLVED';
  filed_on: string;
  due_by: Date;
  outcome: ObjectionOutcome | null;
  note: string | null;
  resolved_on: string | null;
  late: boolean | null;
  publicity_status: string;
}

@Injectable()
export class ObjectionsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
  ) {}

  async file(dto: FileObjectionDto, ctx: RequestContext): Promise<{ id: string; status: 'OPEN'; dueBy: string }> {
    const subject = resolveSubjectCode(dto.subjectCode, this.config.subjectKeySecret, { allowList: this.config.usccAllowList });
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: `subjectCode ${subject.message}` }]);
    const [record]: { subject_key: string; publicity_status: string }[] = await this.dataSource.query(
      `SELECT subject_key, publicity_status FROM penalties WHERE id = $1`,
      [dto.recordId],
    );
    if (!record) throw new NotFoundProblem(`no penalty record ${dto.recordId}`);
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
    const filedOn = todayInShanghai();
    const dueBy = this.config.calendar.deadlineOf(filedOn, OBJECTION_DUE_WORKING_DAYS);
    const command: ObjectionCommand = {
      type: 'FileObjection',
      data: {
        objectionId,
        recordId: dto.recordId,
        recordType: 'PENALTY',
        maskedCode: subject.maskedCode,
        reason: maskIdNumbersInText(dto.reason.trim()),
        contact: maskIdNumbersInText(dto.contact.trim()),
        filedOn,
        dueBy,
      },
    };
    await this.store.transaction((tx) => this.handle(tx, objectionId, command, commandMeta(subject.subjectKey, ctx)));
    return { id: objectionId, status: 'OPEN', dueBy };
  }

  /**
   * A reviewer's answer. Upheld: the record leaves publicity (reason OBJECTION) in the same
   * transaction as the resolution, so the two never disagree (domain.md §2).
   */
  async resolve(id: string, dto: ResolveObjectionDto, ctx: RequestContext): Promise<ObjectionView> {
    const row = await this.row(id);
    if (!row) throw new NotFoundProblem(`no objection ${id}`);
    const now = new Date();
    const resolvedOn = todayInShanghai(now);
    const note = maskIdNumbersInText(dto.note.trim());
    const resolutionMeta = commandMeta(row.subject_key, ctx);
    try {
      await this.store.transaction(async (tx) => {
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
      if (error instanceof ObjectionAlreadyResolved) throw new DomainRuleError(error.message, { rule: 'objection.resolved-once' });
      throw error;
    }
    return toView((await this.row(id))!);
  }

  private async handle(tx: EventStoreTransaction, objectionId: string, command: ObjectionCommand, commandMeta: CommandMeta): Promise<void> {
    const { events } = await handleCommand(tx, objectionStream(objectionId), objectionDecider, command, commandMeta);
    await projectObjectionEvents(tx.manager, events);
  }

  private async row(id: string): Promise<ObjectionRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.dataSource.query(
      `SELECT o.*, to_char(o.filed_on, 'YYYY-MM-DD') AS filed_on, to_char(o.resolved_on, 'YYYY-MM-DD') AS resolved_on, p.publicity_status
         FROM objections o JOIN penalties p ON p.id = o.record_id WHERE o.id = $1`,
      [id],
    );
    return row;
  }
}

function toView(row: ObjectionRow): ObjectionView {
  return {
    id: row.id,
    recordId: row.record_id,
    maskedCode: row.masked_code,
    status: row.status,
    filedOn: row.filed_on,
    dueBy: new Date(row.due_by).toISOString(),
    ...(row.outcome !== null && { outcome: row.outcome }),
    ...(row.note !== null && { note: row.note }),
    ...(row.resolved_on !== null && { resolvedOn: row.resolved_on }),
    ...(row.late !== null && { late: row.late }),
    recordPublicity: row.publicity_status,
  };
}
