import { isUuid, newEventId, type AdministrativeActionRecordedV1, type Page } from '@credit/contracts';
import { EventStore, handleCommand, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, NotFoundProblem, offsetOf, readScope, RestrictedReads, type Principal, type RequestContext } from '@credit/platform';
import { shownOrForbidden } from '../records/record-access.http';
import { readerOf, recordViewFor } from '../records/record-access.rules';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withCatalogMatter } from '../catalog/record-matter';
import { DoublePublicityConfig } from '../config';
import { appendNewRecord, historyOf, type HistoryEntry } from '../records/record-intake';
import { isIndividualBusinessKey } from '@credit/credit-rules';
import { stageVaultHandoffs } from '../subjects/vault-handoff';
import { administrativeActionDecider, administrativeActionStream } from './action.decider';
import type { AdministrativeActionQueryDto, RecordAdministrativeActionDto } from './action.dto';
import { checkAdministrativeAction, type CheckedAdministrativeAction } from './action.rules';
import { projectAdministrativeActionEvents } from './actions.projection';
import { countAdministrativeActions, findAdministrativeAction, pageOfAdministrativeActions, type ActionRow, type AdministrativeActionFilter } from './actions.repository';
import { timelyOf, type RecordedTimely } from '../records/timeliness.rules';

export type AdministrativeActionSummary = Omit<AdministrativeActionRecordedV1, 'actionId'> & { id: string; recordedAt: string; version: number };
export type AdministrativeActionView = AdministrativeActionSummary & { history: HistoryEntry[] };

@Injectable()
export class AdministrativeActionsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  /** POST /administrative-actions: source unit, checks, append (409 on the same decision of the same type). */
  async record(dto: RecordAdministrativeActionDto, ctx: RequestContext): Promise<RecordedTimely> {
    // A department writes only records whose source unit it is (architecture.md, Security).
    assertSourceUnit(ctx.principal, dto.sourceUnit.code);
    const checked = this.check(dto, newEventId(), new Date());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    await appendNewRecord(checked.record, () =>
      this.store.transaction(async (tx) => {
        await this.append(tx, checked.record, commandMetaOf(ctx.principal, ctx.correlationId, checked.subjectKey));
        // A person's clear number goes to subject-registry's vault, sealed meanwhile (subjects/vault-handoff.ts).
        await stageVaultHandoffs(tx.manager, this.config, dto.subject);
      }),
    );
    return { id: checked.record.actionId, ...timelyOf(checked.record) };
  }

  /** The record rules on one item (single and batch intake): field errors or the checked record. */
  check(dto: RecordAdministrativeActionDto, actionId: string, now: Date): CheckedAdministrativeAction {
    return checkAdministrativeAction(dto, this.config, actionId, now);
  }

  /**
   * Appends a checked record and projects it, in the caller's transaction (single and batch intake):
   * the catalog matter it names is resolved here (422 when it may not be named).
   */
  async append(tx: EventStoreTransaction, checkedRecord: AdministrativeActionRecordedV1, meta: CommandMeta): Promise<void> {
    const record = await withCatalogMatter(tx.manager, 'OTHER', checkedRecord);
    const { events } = await handleCommand(
      tx,
      administrativeActionStream(record.actionId),
      administrativeActionDecider,
      { type: 'RecordAdministrativeAction', data: record },
      meta,
    );
    await projectAdministrativeActionEvents(tx.manager, events);
  }

  async get(id: string): Promise<AdministrativeActionView> {
    const row = isUuid(id) ? await findAdministrativeAction(this.dataSource, id) : undefined;
    if (!row) throw new NotFoundProblem(`no administrative action record ${id}`);
    return { ...summaryOf(row), history: await historyOf(this.store, administrativeActionStream(id)) };
  }

  /** GET /administrative-actions/{id}: the record as the caller may see it (records/record-access.rules.ts; a refusal is 403). */
  async read(id: string, principal: Principal): Promise<AdministrativeActionView> {
    const view = await this.get(id);
    const reader = readerOf(principal, view.sourceUnit.code);
    if (reader === 'on-record') await this.restrictedReads.record(principal, { resource: 'administrative-action', resourceId: id, ownerUnits: [view.sourceUnit.code] });
    return shownOrForbidden(recordViewFor(view, reader, view.disclosure.public, `administrative action record ${id}`));
  }

  /** Newest decision first, by subject and/or action type. */
  async list(query: AdministrativeActionQueryDto, principal: Principal): Promise<Page<AdministrativeActionSummary>> {
    const filter: AdministrativeActionFilter = {
      // Another department lists the public records only (ops/admin and the source unit all of theirs).
      scope: readScope(principal),
      ...(query.subjectCode !== undefined && { subjectKey: this.subjectKeyOf(query.subjectCode) }),
      ...(query.actionType !== undefined && { actionType: query.actionType }),
    };
    const total = await countAdministrativeActions(this.dataSource, filter);
    const rows = await pageOfAdministrativeActions(this.dataSource, filter, query.pageSize, offsetOf(query));
    const items = rows.map(summaryOf).map((item) => shownOrForbidden(recordViewFor(item, readerOf(principal, item.sourceUnit.code), item.disclosure.public, `administrative action record ${item.id}`)));
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  private subjectKeyOf(raw: string): string {
    const code = raw.trim().toUpperCase();
    // An individual business without a code is keyed by its registration number (as in the subject registry).
    if (isIndividualBusinessKey(code)) return code;
    const resolved = this.config.subjectIdentity.resolve(code);
    if (!resolved.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: `subjectCode ${resolved.message}` }]);
    return resolved.subjectKey;
  }
}

function summaryOf(row: ActionRow): AdministrativeActionSummary {
  const { actionId, ...record } = row.record;
  return { id: actionId, ...record, recordedAt: new Date(row.recorded_at).toISOString(), version: row.stream_version };
}
