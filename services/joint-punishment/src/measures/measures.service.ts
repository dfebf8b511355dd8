import type { MeasureDefinedV1, Page } from '@credit/contracts';
import { normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError } from '@credit/event-store';
import { ConflictProblem, FieldValidationProblem, offsetOf, type ProblemField } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requestMeta, type RequestContext } from '../common/request-context';
import { MeasureAlreadyDefined, measureDecider, measureStream } from './measure.decider';
import type { DefineMeasureDto, MeasureCatalogQueryDto } from './measures.dto';
import { projectMeasureEvents } from './measures.projection';

export interface MeasureView extends MeasureDefinedV1 {
  definedAt: string;
}

interface MeasureRow {
  code: string;
  name: string;
  kind: MeasureDefinedV1['kind'];
  applies_to: MeasureDefinedV1['appliesTo'];
  category: string | null;
  unit_codes: string[];
  scenarios: MeasureDefinedV1['scenarios'];
  legal_basis: string;
  defined_at: Date;
}

@Injectable()
export class MeasuresService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  async define(dto: DefineMeasureDto, ctx: RequestContext): Promise<MeasureView> {
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
    try {
      await this.store.transaction(async (tx) => {
        const { events } = await handleCommand(tx, measureStream(measure.code), measureDecider, { type: 'DefineMeasure', data: measure }, requestMeta(null, ctx));
        await projectMeasureEvents(tx.manager, events);
      });
    } catch (error) {
      if (error instanceof MeasureAlreadyDefined || error instanceof WrongExpectedVersionError) {
        throw new ConflictProblem(`measure ${measure.code} is already in the catalog`, 'code');
      }
      throw error;
    }
    return this.get(measure.code);
  }

  async list(query: MeasureCatalogQueryDto): Promise<Page<MeasureView>> {
    const filter = query.appliesTo ? [query.appliesTo] : [];
    const where = query.appliesTo ? 'WHERE applies_to = $1' : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM measures ${where}`, filter);
    const rows: MeasureRow[] = await this.dataSource.query(
      `SELECT * FROM measures ${where} ORDER BY code LIMIT $${filter.length + 1} OFFSET $${filter.length + 2}`,
      [...filter, query.pageSize, offsetOf(query)],
    );
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total };
  }

  private async get(code: string): Promise<MeasureView> {
    const [row]: MeasureRow[] = await this.dataSource.query(`SELECT * FROM measures WHERE code = $1`, [code]);
    return toView(row);
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
    definedAt: new Date(row.defined_at).toISOString(),
  };
}
