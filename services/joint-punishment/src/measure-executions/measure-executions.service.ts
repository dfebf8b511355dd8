import type { MeasureExecutionReportedV1 } from '@credit/contracts';
import { normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { assertSourceUnit, FieldValidationProblem, NotFoundProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requestMeta, type RequestContext } from '../common/request-context';
import { listEntryStream } from '../list-entries/list-entry.decider';
import { EntryNotFoundForExecution, measureExecutionDecider } from './measure-execution.decider';
import type { ReportMeasureExecutionDto } from './measure-executions.dto';
import { projectMeasureExecutionEvents } from './measure-executions.projection';

export interface MeasureExecutionView extends MeasureExecutionReportedV1 {
  reportedAt: string;
}

@Injectable()
export class MeasureExecutionsService {
  constructor(private readonly store: EventStore) {}

  async report(dto: ReportMeasureExecutionDto, ctx: RequestContext): Promise<MeasureExecutionView> {
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
      const [entry]: { subject_key: string }[] = await tx.manager.query(`SELECT subject_key FROM list_entries WHERE id = $1`, [dto.listEntryId]);
      if (!entry) throw new NotFoundProblem(`no list entry ${dto.listEntryId}`);
      try {
        const { events } = await handleCommand(
          tx,
          listEntryStream(dto.listEntryId),
          measureExecutionDecider,
          { type: 'ReportMeasureExecution', data: report },
          requestMeta(entry.subject_key, ctx),
        );
        await projectMeasureExecutionEvents(tx.manager, events);
        return { ...report, reportedAt: events[0].recordedAt };
      } catch (error) {
        if (error instanceof EntryNotFoundForExecution) throw new NotFoundProblem(`no list entry ${dto.listEntryId}`);
        throw error;
      }
    });
  }
}
