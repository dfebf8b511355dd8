import type { MeasureExecutionReportedV1 } from '@credit/contracts';
import { normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, ForbiddenProblem, NotFoundProblem, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { listEntryStream } from '../list-entries/list-entry.decider';
import { EntryNotFoundForExecution, measureExecutionDecider, NotLinkageUnitOfMeasure } from './measure-execution.decider';
import type { ReportMeasureExecutionDto } from './measure-executions.dto';
import { projectMeasureExecutionEvents } from './measure-executions.projection';
import { findEntrySubjectKey, findLiftAcknowledgement, findLiftCorrelation } from './measure-executions.repository';

export interface MeasureExecutionView extends MeasureExecutionReportedV1 {
  reportedAt: string;
  /** For a LIFTED report: the correlation id of the lift it acknowledges. */
  correlationId?: string;
}

/** A report, and whether it is new (201) or the acknowledgement given before (200). */
export interface ReportResult {
  created: boolean;
  view: MeasureExecutionView;
}

@Injectable()
export class MeasureExecutionsService {
  constructor(private readonly store: EventStore) {}

  async report(dto: ReportMeasureExecutionDto, ctx: RequestContext): Promise<ReportResult> {
    const unitCode = normalizeUnitCode(dto.unitCode);
    if (unitCode === null) {
      throw new FieldValidationProblem([{ field: 'unitCode', message: 'unitCode is not a valid unified social credit code (GB 32100)' }]);
    }
    // 跟踪反馈 is the linkage unit's own account: a department reports only for itself (admins for any unit).
    assertSourceUnit(ctx.principal, unitCode);
    const report: MeasureExecutionReportedV1 = {
      executionId: randomUUID(),
      listEntryId: dto.listEntryId,
      measureCode: dto.measureCode,
      unitCode,
      outcome: dto.outcome,
      ...(dto.note !== undefined && dto.note !== '' && { note: dto.note }),
    };
    return this.store.transaction(async (tx) => {
      const entry = await findEntrySubjectKey(tx.manager, dto.listEntryId);
      if (!entry) throw new NotFoundProblem(`no list entry ${dto.listEntryId}`);
      // A LIFTED report acknowledges a lift: it travels under the lift's correlation id (the repair application's on repair).
      const lift = await findLiftCorrelation(tx.manager, dto.listEntryId, dto.measureCode, unitCode);
      const liftCorrelation = report.outcome === 'LIFTED' ? (lift?.lift_correlation_id ?? null) : null;
      const meta = commandMetaOf(ctx.principal, liftCorrelation === null ? ctx.correlationId : liftCorrelation, entry.subject_key);
      try {
        const { events } = await handleCommand(tx, listEntryStream(dto.listEntryId), measureExecutionDecider, { type: 'ReportMeasureExecution', data: report }, meta);
        await projectMeasureExecutionEvents(tx.manager, events);
        if (events.length === 0) return { created: false, view: await this.acknowledgement(tx.manager, dto.listEntryId, dto.measureCode, unitCode) };
        return { created: true, view: { ...report, reportedAt: events[0].recordedAt, ...(liftCorrelation !== null && { correlationId: liftCorrelation }) } };
      } catch (error) {
        if (error instanceof EntryNotFoundForExecution) throw new NotFoundProblem(`no list entry ${dto.listEntryId}`);
        if (error instanceof NotLinkageUnitOfMeasure) throw new ForbiddenProblem(error.message);
        throw error;
      }
    });
  }

  /** The LIFTED report that acknowledged a lift first. */
  private async acknowledgement(manager: EntityManager, listEntryId: string, measureCode: string, unitCode: string): Promise<MeasureExecutionView> {
    const row = (await findLiftAcknowledgement(manager, listEntryId, measureCode, unitCode))!;
    return {
      executionId: row.id,
      listEntryId,
      measureCode,
      unitCode,
      outcome: 'LIFTED',
      ...(row.note !== null && { note: row.note }),
      reportedAt: new Date(row.reported_at).toISOString(),
      ...(row.lift_correlation_id !== null && { correlationId: row.lift_correlation_id }),
    };
  }
}
