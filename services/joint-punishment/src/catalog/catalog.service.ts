import type { ListKind, Page } from '@credit/contracts';
import { normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { commandMetaOf, FieldValidationProblem, NotFoundProblem, offsetOf, PROBLEM_TYPES, ProblemException, type ProblemField, type RequestContext } from '@credit/platform';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { linkageUnitDecider, linkageUnitStream, listCategoryDecider, listCategoryStream, type ListCategoryContent } from './catalog-entry.decider';
import type { CatalogQueryDto, DefineLinkageUnitDto, DefineListCategoryDto } from './catalog.dto';
import { projectCatalogEntryEvents } from './catalog.projection';
import {
  categoryVersions,
  currentCategoryVersion,
  knownUnitCodes,
  listCategoriesAsOf,
  listPublicMeasuresAsOf,
  listUnitsAsOf,
  unitVersions,
  type CategoryRow,
  type UnitRow,
} from './catalog.repository';

export interface ListCategoryVersionView {
  code: string;
  version: number;
  name: string;
  list: ListKind;
  legalBasis: string;
  decidingUnitKinds?: string[];
  earliestExitAfterMonths?: number;
  autoExitAfterMonths?: number;
  definedAt: string;
}

export interface LinkageUnitVersionView {
  code: string;
  version: number;
  name: string;
  contact?: string;
  definedAt: string;
}

/** The current version, with every version oldest first (the last is the current one). */
export type WithHistory<T> = T & { versions: T[] };

/** What a define call did: a new version, or nothing because the content is the current version's. */
export interface Defined<T> {
  created: boolean;
  view: T;
}

/**
 * A reference to the catalog that the catalog does not hold: well-formed input that a domain rule
 * refuses (422), with the field named, until the catalog holds the entry.
 */
export function notInCatalog(rule: string, errors: ProblemField[]): ProblemException {
  return new ProblemException({
    type: PROBLEM_TYPES.domainRule,
    title: 'Refused by a domain rule',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: `${errors.map((e) => e.message).join('; ')} (define it in the catalog first)`,
    rule,
    errors,
  });
}

/** `asOf` as an instant: a bare date means the end of that day in Asia/Shanghai. */
function asOfInstant(asOf: string | undefined): Date {
  if (asOf === undefined) return new Date();
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999+08:00` : asOf);
}

@Injectable()
export class CatalogService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  async defineCategory(dto: DefineListCategoryDto, ctx: RequestContext): Promise<Defined<WithHistory<ListCategoryVersionView>>> {
    const content: ListCategoryContent = {
      code: dto.code,
      name: dto.name,
      list: dto.list,
      legalBasis: dto.legalBasis,
      ...(dto.decidingUnitKinds !== undefined && { decidingUnitKinds: [...new Set(dto.decidingUnitKinds)] }),
      ...(dto.earliestExitAfterMonths !== undefined && { earliestExitAfterMonths: dto.earliestExitAfterMonths }),
      ...(dto.autoExitAfterMonths !== undefined && { autoExitAfterMonths: dto.autoExitAfterMonths }),
    };
    const created = await this.store.transaction(async (tx) => {
      const { events } = await handleCommand(tx, listCategoryStream(content.code), listCategoryDecider, { type: 'DefineListCategory', data: content }, commandMetaOf(ctx.principal, ctx.correlationId, null));
      await projectCatalogEntryEvents(tx.manager, events);
      return events.length > 0;
    });
    return { created, view: await this.category(content.code) };
  }

  async defineUnit(dto: DefineLinkageUnitDto, ctx: RequestContext): Promise<Defined<WithHistory<LinkageUnitVersionView>>> {
    const code = normalizeUnitCode(dto.code);
    if (code === null) throw new FieldValidationProblem([{ field: 'code', message: 'code is not a valid unified social credit code (GB 32100)' }]);
    const content = { code, name: dto.name, ...(dto.contact !== undefined && { contact: dto.contact }) };
    const created = await this.store.transaction(async (tx) => {
      const { events } = await handleCommand(tx, linkageUnitStream(code), linkageUnitDecider, { type: 'DefineLinkageUnit', data: content }, commandMetaOf(ctx.principal, ctx.correlationId, null));
      await projectCatalogEntryEvents(tx.manager, events);
      return events.length > 0;
    });
    return { created, view: await this.unit(code) };
  }

  /** The categories as they stood at `asOf` (default now): each one's latest version defined by then. */
  async categories(query: CatalogQueryDto): Promise<Page<ListCategoryVersionView>> {
    const { total, rows } = await listCategoriesAsOf(this.dataSource, asOfInstant(query.asOf), query.list, query.pageSize, offsetOf(query));
    return { items: rows.map(categoryView), page: query.page, pageSize: query.pageSize, total };
  }

  async units(query: CatalogQueryDto): Promise<Page<LinkageUnitVersionView>> {
    const { total, rows } = await listUnitsAsOf(this.dataSource, asOfInstant(query.asOf), query.pageSize, offsetOf(query));
    return { items: rows.map(unitView), page: query.page, pageSize: query.pageSize, total };
  }

  async category(code: string): Promise<WithHistory<ListCategoryVersionView>> {
    const rows: CategoryRow[] = await categoryVersions(this.dataSource, code.trim().toUpperCase());
    if (rows.length === 0) throw new NotFoundProblem(`no list category ${code}`);
    const versions = rows.map(categoryView);
    return { ...versions[versions.length - 1], versions };
  }

  async unit(code: string): Promise<WithHistory<LinkageUnitVersionView>> {
    const rows: UnitRow[] = await unitVersions(this.dataSource, code.trim().toUpperCase());
    if (rows.length === 0) throw new NotFoundProblem(`no linkage unit ${code}`);
    const versions = rows.map(unitView);
    return { ...versions[versions.length - 1], versions };
  }

  /** The current version of a category, read in the caller's transaction; null when the catalog has none. */
  async currentCategory(manager: EntityManager, code: string): Promise<ListCategoryVersionView | null> {
    const row = await currentCategoryVersion(manager, code);
    return row ? categoryView(row) : null;
  }

  /** The codes among `codes` that the linkage-unit catalog does not hold. */
  async unknownUnits(manager: EntityManager, codes: string[]): Promise<string[]> {
    const rows: { code: string }[] = await knownUnitCodes(manager, codes);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }

  /** The public measure catalog as it stood at `asOf` (default now): each measure's latest version defined by then. */
  async publicMeasures(query: CatalogQueryDto): Promise<Page<Record<string, unknown>>> {
    const { total, rows } = await listPublicMeasuresAsOf(this.dataSource, asOfInstant(query.asOf), query.list, query.pageSize, offsetOf(query));
    const items = rows.map(({ category, definedAt, ...m }) => ({ ...m, ...(category !== null && { category }), definedAt: new Date(definedAt as Date).toISOString() }));
    return { items, page: query.page, pageSize: query.pageSize, total };
  }
}

function categoryView(r: CategoryRow): ListCategoryVersionView {
  return {
    code: r.code,
    version: r.version,
    name: r.name,
    list: r.list,
    legalBasis: r.legal_basis,
    ...(r.deciding_unit_kinds !== null && { decidingUnitKinds: r.deciding_unit_kinds }),
    ...(r.earliest_exit_after_months !== null && { earliestExitAfterMonths: r.earliest_exit_after_months }),
    ...(r.auto_exit_after_months !== null && { autoExitAfterMonths: r.auto_exit_after_months }),
    definedAt: new Date(r.defined_at).toISOString(),
  };
}

function unitView(r: UnitRow): LinkageUnitVersionView {
  return { code: r.code, version: r.version, name: r.name, ...(r.contact !== null && { contact: r.contact }), definedAt: new Date(r.defined_at).toISOString() };
}
