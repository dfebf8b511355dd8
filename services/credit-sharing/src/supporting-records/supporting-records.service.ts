import { isUuid, type FieldError, type Page, type SupportingRecordReceivedV1 } from '@credit/contracts';
import { sourceUnitRefusal } from '@credit/credit-rules';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, isUniqueViolation } from '@credit/event-store';
import {
  assertSourceUnit,
  commandMetaOf,
  ConflictProblem,
  createValidationPipe,
  FieldValidationProblem,
  ForbiddenProblem,
  NotFoundProblem,
  offsetOf,
  ProblemException,
  readScope,
  readsRecordOf,
  RestrictedReads,
  type Principal,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreditSharingConfig } from '../config';
import { supportingRecordDecider, supportingRecordStream } from './supporting-record.decider';
import { RecordSupportingDto, type SupportingListQueryDto } from './supporting-record.dto';
import { checkSupportingRecord } from './supporting-record.rules';
import { executeOn } from '../authorizations/authorization.commands';
import { loanPlatformAuthorizations } from '../authorizations/authorizations.repository';
import { loanShareOf } from '../authorizations/loan-share.rules';
import { projectSupportingRecordEvents } from './supporting-records.projection';
import { findByNaturalKey, findSupportingRecord, listSubjectRecords } from './supporting-records.repository';
import { toView, type SupportingRecordView } from './supporting-record.view';

export type BatchItemResult = { index: number; status: 'CREATED' | 'DUPLICATE' | 'INVALID'; id?: string; errors?: FieldError[] };

export const SUPPORTING_RECORD_RESOURCE = 'supporting-record';

@Injectable()
export class SupportingRecordsService {
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: CreditSharingConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  /** One record, from the department whose `sub` is its source unit (or an administrator); 409 when its reference is taken. */
  async record(dto: RecordSupportingDto, ctx: RequestContext): Promise<SupportingRecordView> {
    const id = randomUUID();
    const checked = checkSupportingRecord(dto, id, { subjectIdentity: this.config.subjectIdentity, today: todayInShanghai() });
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    assertSourceUnit(ctx.principal, checked.value.event.sourceUnit.code);
    const stored = await this.append(checked.value.subjectKey, checked.value.event, ctx);
    if (!stored) {
      const existing = await findByNaturalKey(this.dataSource, checked.value.event.sourceUnit.code, dto.category, checked.value.event.sourceReference);
      throw new ConflictProblem(`a ${dto.category} record with sourceReference ${checked.value.event.sourceReference} of this unit exists already${existing ? ` (${existing.id})` : ''}`);
    }
    return toView((await findSupportingRecord(this.dataSource, id))!);
  }

  /** `{ items }`: each item checked alone with the single endpoint's DTO and rules; valid, new ones stored, each in its own transaction. */
  async batch(items: unknown[], ctx: RequestContext): Promise<{ results: BatchItemResult[] }> {
    const results: BatchItemResult[] = [];
    const today = todayInShanghai();
    for (const [index, item] of items.entries()) {
      let dto: RecordSupportingDto;
      try {
        dto = (await this.pipe.transform(item, { type: 'body', metatype: RecordSupportingDto })) as RecordSupportingDto;
      } catch (error) {
        results.push({ index, status: 'INVALID', errors: fieldErrorsOf(error) });
        continue;
      }
      const id = randomUUID();
      const checked = checkSupportingRecord(dto, id, { subjectIdentity: this.config.subjectIdentity, today });
      if (!checked.ok) {
        results.push({ index, status: 'INVALID', errors: checked.errors });
        continue;
      }
      const refusal = sourceUnitRefusal(ctx.principal, checked.value.event.sourceUnit.code);
      if (refusal !== null) {
        results.push({ index, status: 'INVALID', errors: [{ field: 'sourceUnit.code', message: refusal }] });
        continue;
      }
      const stored = await this.append(checked.value.subjectKey, checked.value.event, ctx);
      results.push(stored ? { index, status: 'CREATED', id } : { index, status: 'DUPLICATE' });
    }
    return { results };
  }

  /** Appends and projects; false when the natural key is taken (nothing is stored then). */
  private async append(subjectKey: string, event: SupportingRecordReceivedV1, ctx: RequestContext): Promise<boolean> {
    try {
      await this.store.transaction(async (tx) => {
        const meta = commandMetaOf(ctx.principal, ctx.correlationId, subjectKey);
        const { events } = await handleCommand(tx, supportingRecordStream(event.recordId), supportingRecordDecider, { type: 'ReceiveSupportingRecord', data: event }, meta);
        await projectSupportingRecordEvents(tx.manager, events);
        // In the same transaction: the record goes to the 信易贷 platforms under every authorization that asked for it.
        const record = toView((await findSupportingRecord(tx.manager, event.recordId))!);
        for (const authorizationId of await loanPlatformAuthorizations(tx.manager, subjectKey, event.category)) {
          await executeOn(tx, authorizationId, [{ type: 'ShareWithLoanPlatforms', data: loanShareOf(randomUUID(), authorizationId, event.subject, [record]), today: todayInShanghai() }], meta);
        }
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** A record: its source unit, ops and admin (whose reads are recorded); anyone else 403. */
  async get(id: string, principal: Principal): Promise<SupportingRecordView> {
    const row = isUuid(id) ? await findSupportingRecord(this.dataSource, id) : undefined;
    if (!row) throw new NotFoundProblem(`no supporting record with id ${id}`);
    if (!readsRecordOf(principal, [row.source_unit_code])) throw new ForbiddenProblem(`supporting record ${id} is not public: it is read by its source unit, ops and admin`);
    await this.restrictedReads.record(principal, { resource: SUPPORTING_RECORD_RESOURCE, resourceId: id, ownerUnits: [row.source_unit_code] });
    return toView(row);
  }

  /** A subject's records: the caller's own unit's, or every unit's for ops and admin (recorded). */
  async list(query: SupportingListQueryDto, principal: Principal): Promise<Page<SupportingRecordView>> {
    const subject = this.config.subjectIdentity.resolve(query.subjectCode);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: subject.message }]);
    const scope = readScope(principal);
    const { total, rows } = await listSubjectRecords(
      this.dataSource,
      { subjectKey: subject.subjectKey, sourceUnit: scope, ...(query.category !== undefined && { categories: [query.category] }) },
      query.pageSize,
      offsetOf(query),
    );
    for (const row of rows) await this.restrictedReads.record(principal, { resource: SUPPORTING_RECORD_RESOURCE, resourceId: row.id, ownerUnits: [row.source_unit_code] });
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total };
  }
}

function fieldErrorsOf(error: unknown): FieldError[] {
  if (error instanceof ProblemException) {
    const body = error.getResponse() as { errors?: FieldError[]; detail?: string };
    return body.errors ?? [{ field: '', message: body.detail ?? 'invalid item' }];
  }
  throw error;
}
