import type { CatalogMatterKind, Page } from '@credit/contracts';
import { maskIdNumbersInText, normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, NotFoundProblem, offsetOf, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { catalogMatterDecider, catalogMatterStream } from './catalog-matter.decider';
import type { CatalogQueryDto, DefineCatalogMatterDto } from './catalog.dto';
import { projectCatalogEvents } from './catalog.projection';
import { countCatalogMatters, pageOfCatalogMatterKeys, versionsOfCatalogMatter } from './catalog.repository';

export interface CatalogMatterVersion {
  version: number;
  kind: CatalogMatterKind;
  name: string;
  legalBasis: string | null;
  definedAt: string;
}

export interface CatalogMatterView extends CatalogMatterVersion {
  departmentCode: string;
  code: string;
  /** Every version, oldest first (the last is the current one). */
  versions: CatalogMatterVersion[];
}

@Injectable()
export class CatalogService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  async define(dto: DefineCatalogMatterDto, ctx: RequestContext): Promise<CatalogMatterView> {
    const departmentCode = normalizeUnitCode(dto.departmentCode);
    if (departmentCode === null) {
      throw new FieldValidationProblem([{ field: 'departmentCode', message: 'departmentCode is not a valid unified social credit code (GB 32100)' }]);
    }
    // A department keeps its own catalog (domain.md §2); admin may keep any.
    assertSourceUnit(ctx.principal, departmentCode);
    const data = {
      departmentCode,
      kind: dto.kind,
      code: dto.code,
      name: maskIdNumbersInText(dto.name.trim()),
      ...(dto.legalBasis !== undefined && { legalBasis: maskIdNumbersInText(dto.legalBasis.trim()) }),
    };
    const meta = commandMetaOf(ctx.principal, ctx.correlationId, null);
    await this.store.transaction(async (tx) => {
      const { events } = await handleCommand(tx, catalogMatterStream(departmentCode, dto.code), catalogMatterDecider, { type: 'DefineMatter', data }, meta);
      await projectCatalogEvents(tx.manager, events);
    });
    const matter = await this.matter(departmentCode, dto.code);
    if (!matter) throw new NotFoundProblem(`no catalog matter ${dto.code} of ${departmentCode}`);
    return matter;
  }

  /** The current version of each matter, with its earlier versions, ordered by department and code. */
  async list(query: CatalogQueryDto): Promise<Page<CatalogMatterView>> {
    const department = query.departmentCode?.trim().toUpperCase();
    const total = await countCatalogMatters(this.dataSource, department);
    const keys = await pageOfCatalogMatterKeys(this.dataSource, department, query.pageSize, offsetOf(query));
    const items: CatalogMatterView[] = [];
    for (const key of keys) {
      const matter = await this.matter(key.department_code, key.code);
      if (matter) items.push(matter);
    }
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  private async matter(departmentCode: string, code: string): Promise<CatalogMatterView | undefined> {
    const rows = await versionsOfCatalogMatter(this.dataSource, departmentCode, code);
    if (rows.length === 0) return undefined;
    const versions = rows.map((r) => ({
      version: r.matter_version,
      kind: r.kind,
      name: r.name,
      legalBasis: r.legal_basis,
      definedAt: new Date(r.defined_at).toISOString(),
    }));
    return { departmentCode, code, ...versions[versions.length - 1], versions };
  }
}
