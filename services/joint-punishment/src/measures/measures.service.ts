import type { MeasureDefinedV1, Page } from '@credit/contracts';
import { normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError } from '@credit/event-store';
import { commandMetaOf, ConflictProblem, FieldValidationProblem, NotFoundProblem, offsetOf, type ProblemField, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogService, notInCatalog, type Defined, type WithHistory } from '../catalog/catalog.service';
import { measureDecider, measureStream } from './measure.decider';
import type { DefineMeasureDto, MeasureCatalogQueryDto } from './measures.dto';
import { projectMeasureEvents } from './measures.projection';
import { listCurrentMeasures, measureVersions, type MeasureRow } from './measures.repository';

export interface MeasureView extends MeasureDefinedV1 {
  /** The catalog version (1, 2, ...): each change of content defines the next one. */
  version: number;
  /** When this version was defined. */
  definedAt: string;
}

@Injectable()
export class MeasuresService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly catalogs: CatalogService,
  ) {}

  /**
   * Defines a measure, or its next version when the code is in the catalog with other content
   * (`created` false and nothing appended when the content is the current version's). Entries
   * already listed keep the version they were applied under (see measure.decider).
   */
  async define(dto: DefineMeasureDto, ctx: RequestContext): Promise<Defined<WithHistory<MeasureView>>> {
    const errors: ProblemField[] = [];
    const unitCodes = dto.unitCodes.map((raw, i) => {
      const code = normalizeUnitCode(raw);
      if (code === null) errors.push({ field: `unitCodes.${i}`, message: `unitCodes.${i} is not a valid unified social credit code (GB 32100) of a linkage unit` });
      return code ?? raw;
    });
    if (errors.length > 0) throw new FieldValidationProblem(errors);

    const measure: MeasureDefinedV1 = {
      code: dto.code,
      name: dto.name,
      kind: dto.kind,
      appliesTo: dto.appliesTo,
      ...(dto.category !== undefined && { category: dto.category }),
      unitCodes,
      scenarios: dto.scenarios,
      legalBasis: dto.legalBasis,
    };
    let created: boolean;
    try {
      created = await this.store.transaction(async (tx) => {
        await this.assertInCatalogs(tx.manager, measure);
        const { events } = await handleCommand(tx, measureStream(measure.code), measureDecider, { type: 'DefineMeasure', data: measure }, commandMetaOf(ctx.principal, ctx.correlationId, null));
        await projectMeasureEvents(tx.manager, events);
        return events.length > 0;
      });
    } catch (error) {
      // Another definition of the same code committed in between: the caller posts again against it.
      if (error instanceof WrongExpectedVersionError) throw new ConflictProblem(`measure ${measure.code} was defined concurrently; post again`, 'code');
      throw error;
    }
    return { created, view: await this.get(measure.code) };
  }
  /** A measure names catalogued linkage units, and a catalogued category of its own list (422 naming the field otherwise). */
  private async assertInCatalogs(manager: EntityManager, measure: MeasureDefinedV1): Promise<void> {
    const errors: ProblemField[] = [];
    const unknown = new Set(await this.catalogs.unknownUnits(manager, measure.unitCodes));
    measure.unitCodes.forEach((code, i) => {
      if (unknown.has(code)) errors.push({ field: `unitCodes.${i}`, message: `unitCodes.${i} ${code} is not in the linkage-unit catalog` });
    });
    if (errors.length > 0) throw notInCatalog('measure.linkage-unit-in-catalog', errors);
    if (measure.category !== undefined) {
      const category = await this.catalogs.currentCategory(manager, measure.category);
      if (category === null) throw notInCatalog('measure.category-in-catalog', [{ field: 'category', message: `category ${measure.category} is not in the list-category catalog` }]);
      if (category.list !== measure.appliesTo) {
        throw notInCatalog('measure.category-of-list', [
          { field: 'category', message: `category ${measure.category} belongs to the ${category.list} list, not the ${measure.appliesTo} list the measure follows` },
        ]);
      }
    }
  }

  /** The catalog as it stands now: each measure in its current version. */
  async list(query: MeasureCatalogQueryDto): Promise<Page<MeasureView>> {
    const { total, rows } = await listCurrentMeasures(this.dataSource, query.appliesTo, query.pageSize, offsetOf(query));
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total };
  }

  /** A measure: its current version with every version, oldest first (404 when the catalog has none). */
  async get(code: string): Promise<WithHistory<MeasureView>> {
    const rows: MeasureRow[] = await measureVersions(this.dataSource, code.trim().toUpperCase());
    if (rows.length === 0) throw new NotFoundProblem(`no measure ${code} in the catalog`);
    const versions = rows.map(toView);
    return { ...versions[versions.length - 1], versions };
  }
}

function toView(row: MeasureRow): MeasureView {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    appliesTo: row.applies_to,
    ...(row.category !== null && { category: row.category }),
    unitCodes: row.unit_codes,
    scenarios: row.scenarios,
    legalBasis: row.legal_basis,
    version: row.version,
    definedAt: new Date(row.defined_at).toISOString(),
  };
}
