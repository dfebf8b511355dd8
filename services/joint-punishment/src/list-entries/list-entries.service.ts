import type { ListEntryCreatedV1, ListExitTrigger, ListKind, Page } from '@credit/contracts';
import { addDays, addMonths } from '@credit/credit-rules';
import { normalizeUnitCode, todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import {
  commandMetaOf,
  FieldValidationProblem,
  ForbiddenProblem,
  NotFoundProblem,
  offsetOf,
  PROBLEM_TYPES,
  ProblemException,
  readScope,
  readsRecordOf,
  RestrictedReads,
  type Principal,
  type ProblemField,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { CatalogService, notInCatalog } from '../catalog/catalog.service';
import { JointPunishmentConfig } from '../config';
import { basisRecordFacts } from '../common/basis-records.repository';
import { isKnownSubject, rememberSubject, unknownSubjectMessage } from '../common/known-subjects.repository';
import type { CreateListEntryDto, ExitListEntryDto, ListEntryQueryDto, ListEntryStatus } from './list-entries.dto';
import { projectListEntryEvents } from './list-entries.projection';
import {
  currentMeasures,
  findEntrySubjectKey,
  findListEntry,
  inForceEntriesNaming,
  listListEntries,
  measureApplicationsOf,
  type ListEntryRow,
  type MeasureApplicationRow,
} from './list-entries.repository';
import {
  type CatalogMeasure,
  ListEntryNotFound,
  listEntryDecider,
  listEntryStream,
  restsOnlyOn,
} from './list-entry.decider';
import { listEntryBasisRefusal, listingDateErrors, listingInOwnNameRefusal, NotInitiatingUnit, type BasisRefusal } from './list-entry.rules';

export interface MeasureApplicationView {
  measureCode: string;
  unitCode: string;
  /** The catalog version of the measure the application was made under (kept through later revisions). */
  measureVersion: number;
  status: 'APPLIED' | 'LIFTED';
  appliedAt: string;
  liftedAt?: string;
  /** The correlation id of the exit that lifted it (the repair application id on repair). */
  correlationId?: string;
  /** When the linkage unit acknowledged the lift (a LIFTED execution report). */
  acknowledgedAt?: string;
}

export interface ListEntryView {
  id: string;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  subjectKey: string;
  list: ListKind;
  category: string;
  basis: { recordIds: string[]; document: string };
  initiatingUnit: { name: string; code: string };
  decidedOn: string;
  validUntil?: string;
  status: ListEntryStatus;
  measures: MeasureApplicationView[];
  createdAt: string;
  exit?: {
    trigger: ListExitTrigger;
    reason: string;
    exitedOn: string;
    exitedAt: string;
    repairApplicationId?: string;
    /** When the credit website stopped showing the entry (credit-portal's acknowledgement). */
    websiteClearedAt?: string;
  };
  version: number;
}

export interface ExitCommandData {
  trigger: ListExitTrigger;
  reason: string;
  repairApplicationId?: string;
  /** The caller of an exit by DECISION (who may decide it is the decider's rule). */
  decidedBy?: Principal;
}

@Injectable()
export class ListEntriesService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: JointPunishmentConfig,
    private readonly catalogs: CatalogService,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  /** 认定发起: lists the subject and applies, in the same transaction, every catalog measure the entry brings. */
  async create(dto: CreateListEntryDto, ctx: RequestContext): Promise<ListEntryView> {
    const errors: ProblemField[] = [];
    const subject = this.config.subjectIdentity.resolve(dto.subjectCode);
    if (!subject.ok) errors.push({ field: 'subjectCode', message: `subjectCode ${subject.message}` });
    const initiatingUnitCode = normalizeUnitCode(dto.initiatingUnit.code);
    if (initiatingUnitCode === null) {
      errors.push({ field: 'initiatingUnit.code', message: 'initiatingUnit.code is not a valid unified social credit code (GB 32100)' });
    }
    errors.push(...listingDateErrors(dto, todayInShanghai()));
    if (!subject.ok || initiatingUnitCode === null || errors.length > 0) throw new FieldValidationProblem(errors);
    const notOwnName = listingInOwnNameRefusal(ctx.principal, initiatingUnitCode);
    if (notOwnName !== null) throw new ForbiddenProblem(notOwnName);

    const entry: ListEntryCreatedV1 = {
      listEntryId: randomUUID(),
      subjectCode: subject.subjectCode,
      maskedCode: subject.maskedCode,
      list: dto.list,
      category: dto.category,
      basis: { recordIds: dto.basis.recordIds.map((id) => id.trim()), document: dto.basis.document },
      initiatingUnit: { name: dto.initiatingUnit.name, code: initiatingUnitCode },
      decidedOn: dto.decidedOn,
      ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
    };
    await this.store.transaction(async (tx) => {
      // Consistent with nominations: a listing names a subject the platform knows (a registration, a
      // record or an earlier listing of it has reached this service), so a mistyped code lists nobody.
      if (!(await isKnownSubject(tx.manager, subject.subjectKey))) {
        throw notInCatalog('list-entry.subject-known', [{ field: 'subjectCode', message: unknownSubjectMessage(entry.maskedCode) }]);
      }
      const basisRefusal = listEntryBasisRefusal(subject.subjectKey, entry.basis.recordIds, await basisRecordFacts(tx.manager, entry.basis.recordIds));
      if (basisRefusal !== null) throw basisRefused(basisRefusal);
      await this.createWithin(tx, entry, commandMetaOf(ctx.principal, ctx.correlationId, subject.subjectKey));
    });
    return this.get(entry.listEntryId);
  }

  /**
   * 认定发起 → 响应实施 inside the caller's transaction (a direct decision, or an approved nomination):
   * the category must be in the catalog and of the entry's list; an entry without a validUntil gets
   * the category's automatic exit term; every catalog measure the entry brings is applied per
   * linkage unit, and the subject is notified, all in one append.
   */
  async createWithin(tx: EventStoreTransaction, draft: ListEntryCreatedV1, meta: CommandMeta): Promise<ListEntryCreatedV1> {
    const category = await this.catalogs.currentCategory(tx.manager, draft.category);
    if (category === null) {
      throw notInCatalog('list-entry.category-in-catalog', [{ field: 'category', message: `category ${draft.category} is not in the list-category catalog` }]);
    }
    if (category.list !== draft.list) {
      throw notInCatalog('list-entry.category-of-list', [
        { field: 'category', message: `category ${draft.category} belongs to the ${category.list} list, not the ${draft.list} list` },
      ]);
    }
    // SAMR Order 44: automatic removal after the category's term (a setting of the category, domain.md §5).
    const entry: ListEntryCreatedV1 =
      draft.validUntil === undefined && category.autoExitAfterMonths !== undefined
        ? { ...draft, validUntil: addDays(addMonths(draft.decidedOn, category.autoExitAfterMonths), -1) }
        : draft;
    const catalog = await this.catalog(tx.manager);
    const { events } = await handleCommand(
      tx,
      listEntryStream(entry.listEntryId),
      listEntryDecider,
      { type: 'CreateListEntry', data: { entry, catalog, notice: category } },
      meta,
    );
    await projectListEntryEvents(tx.manager, events);
    if (meta.subjectKey) await rememberSubject(tx.manager, meta.subjectKey, entry.maskedCode);
    return entry;
  }

  /** 移出 by decision of the deciding unit: the entry exits and each applied measure is lifted. */
  async exit(id: string, dto: ExitListEntryDto, ctx: RequestContext): Promise<ListEntryView> {
    await this.store.transaction(async (tx) => {
      const subjectKey = await this.subjectKeyOf(tx.manager, id);
      if (subjectKey === null) throw new NotFoundProblem(`no list entry ${id}`);
      await this.exitWithin(tx, id, { trigger: 'DECISION', reason: dto.reason, decidedBy: ctx.principal }, commandMetaOf(ctx.principal, ctx.correlationId, subjectKey));
    });
    return this.get(id);
  }

  /**
   * Exits the entry inside the caller's transaction (a request's, or an event handler's inbox
   * transaction). Returns whether it exited now; false when it had already exited and the trigger
   * lets that pass (see the decider).
   */
  async exitWithin(tx: EventStoreTransaction, id: string, exit: ExitCommandData, meta: CommandMeta): Promise<boolean> {
    try {
      const { events } = await handleCommand(
        tx,
        listEntryStream(id),
        listEntryDecider,
        { type: 'ExitListEntry', data: { ...exit, exitedOn: todayInShanghai() } },
        meta,
      );
      await projectListEntryEvents(tx.manager, events);
      return events.length > 0;
    } catch (error) {
      if (error instanceof ListEntryNotFound) throw new NotFoundProblem(`no list entry ${id}`);
      if (error instanceof NotInitiatingUnit) throw new ForbiddenProblem(error.message);
      throw error;
    }
  }

  /** The subject key of an entry, or null when there is no such entry. */
  async subjectKeyOf(manager: EntityManager, id: string): Promise<string | null> {
    return (await findEntrySubjectKey(manager, id)) ?? null;
  }

  /** In-force entries whose whole basis is this one record (candidates by index, the rule in the decider). */
  async entriesRestingOnlyOn(manager: EntityManager, recordId: string): Promise<{ id: string; subjectKey: string }[]> {
    const rows: { id: string; subject_key: string; record_ids: string[] }[] = await inForceEntriesNaming(manager, recordId);
    return rows.filter((row) => restsOnlyOn(row.record_ids, recordId)).map((row) => ({ id: row.id, subjectKey: row.subject_key }));
  }

  async get(id: string): Promise<ListEntryView> {
    const row = await findListEntry(this.dataSource, id);
    if (!row) throw new NotFoundProblem(`no list entry ${id}`);
    const [view] = await this.views([row]);
    return view;
  }

  /**
   * An entry as the caller may read it: the units it concerns (the initiating unit, each linkage
   * unit applying one of its measures) and ops and administrators. The listing is published on the
   * credit website while in force, but this view also carries exited entries, basis records and
   * exit reasons; other departments look a subject up through the credit check, which records who
   * asked and why. An entry outside the caller's units is answered as not found; one read by
   * another unit (ops, admin) is on record.
   */
  async getFor(id: string, principal: Principal): Promise<ListEntryView> {
    const view = await this.get(id);
    if (!readsRecordOf(principal, ownerUnits(view))) throw new NotFoundProblem(`no list entry ${id}`);
    await this.restrictedReads.record(principal, { resource: 'list-entry', resourceId: id, ownerUnits: ownerUnits(view) });
    return view;
  }

  /** The entries the caller may read (see getFor), by subject and status. */
  async list(query: ListEntryQueryDto, principal: Principal): Promise<Page<ListEntryView>> {
    const unit = readScope(principal);
    let subjectKey: string | undefined;
    if (query.subjectCode !== undefined) {
      const subject = this.config.subjectIdentity.resolve(query.subjectCode);
      if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: `subjectCode ${subject.message}` }]);
      subjectKey = subject.subjectKey;
    }
    const { total, rows } = await listListEntries(this.dataSource, { unit, subjectKey, status: query.status }, query.pageSize, offsetOf(query));
    const items = await this.views(rows);
    for (const view of items) await this.restrictedReads.record(principal, { resource: 'list-entry', resourceId: view.id, ownerUnits: ownerUnits(view) });
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  private async catalog(manager: EntityManager): Promise<CatalogMeasure[]> {
    const rows = await currentMeasures(manager);
    return rows.map((r) => ({
      code: r.code,
      version: r.version,
      appliesTo: r.applies_to,
      ...(r.category !== null && { category: r.category }),
      unitCodes: r.unit_codes,
      name: r.name,
      legalBasis: r.legal_basis,
    }));
  }

  private async views(rows: ListEntryRow[]): Promise<ListEntryView[]> {
    if (rows.length === 0) return [];
    const applications: MeasureApplicationRow[] = await measureApplicationsOf(this.dataSource, rows.map((r) => r.id));
    return rows.map((row) => ({
      id: row.id,
      subjectCode: row.masked_code,
      subjectKey: row.subject_key,
      list: row.list,
      category: row.category,
      basis: { recordIds: row.record_ids, document: row.document },
      initiatingUnit: { name: row.initiating_unit_name, code: row.initiating_unit_code },
      decidedOn: row.decided_on,
      ...(row.valid_until !== null && { validUntil: row.valid_until }),
      status: row.status,
      measures: applications
        .filter((a) => a.list_entry_id === row.id)
        .map((a) => ({
          measureCode: a.measure_code,
          unitCode: a.unit_code,
          measureVersion: a.measure_version,
          status: a.status,
          appliedAt: new Date(a.applied_at).toISOString(),
          ...(a.lifted_at !== null && { liftedAt: new Date(a.lifted_at).toISOString() }),
          ...(a.lift_correlation_id !== null && { correlationId: a.lift_correlation_id }),
          ...(a.acknowledged_at !== null && { acknowledgedAt: new Date(a.acknowledged_at).toISOString() }),
        })),
      createdAt: new Date(row.created_at).toISOString(),
      ...(row.exit_trigger !== null && {
        exit: {
          trigger: row.exit_trigger,
          reason: row.exit_reason as string,
          exitedOn: row.exited_on as string,
          exitedAt: new Date(row.exited_at as Date).toISOString(),
          ...(row.repair_application_id !== null && { repairApplicationId: row.repair_application_id }),
          ...(row.website_cleared_at !== null && { websiteClearedAt: new Date(row.website_cleared_at).toISOString() }),
        },
      }),
      version: row.stream_version,
    }));
  }
}

/** The units an entry belongs to: the one that listed the subject, and each linkage unit applying one of its measures. */
const ownerUnits = (view: ListEntryView): string[] => [...new Set([view.initiatingUnit.code, ...view.measures.map((m) => m.unitCode)])];

/** 422 naming each basis record the listing cannot rest on (see listEntryBasisRefusal). */
function basisRefused(refusal: BasisRefusal): ProblemException {
  return new ProblemException({
    type: PROBLEM_TYPES.domainRule,
    title: 'Refused by a domain rule',
    status: 422,
    detail: refusal.errors.map((e) => e.message).join('; '),
    rule: refusal.rule,
    errors: refusal.errors,
  });
}
