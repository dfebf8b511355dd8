import type { IndustryEvaluationRecordedV1 } from '@credit/contracts';
import { normalizeUnitCode, todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, toEnvelope } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { deactivateRecord, upsertRecord } from '../grading/grading.repository';
import { GradingService } from '../grading/grading.service';
import type { RecordIndustryEvaluationDto } from './industry-evaluation.dto';
import { industryEvaluationDecider, industryEvaluationStream } from './industry-evaluation.decider';

export type IndustryEvaluationView = Omit<IndustryEvaluationRecordedV1, 'evaluationId'> & { id: string };

@Injectable()
export class IndustryEvaluationsService {
  constructor(
    private readonly store: EventStore,
    private readonly grading: GradingService,
  ) {}

  /**
   * An industry department records its evaluation of a subject in its own name; the subject's grade
   * counts it by the scoring rule (while valid) and is recomputed in the same transaction.
   */
  async record(dto: RecordIndustryEvaluationDto, ctx: RequestContext): Promise<IndustryEvaluationView> {
    const departmentCode = normalizeUnitCode(dto.department.code);
    if (departmentCode === null) throw new FieldValidationProblem([{ field: 'department.code', message: 'department.code is not a valid unified social credit code (GB 32100)' }]);
    assertSourceUnit(ctx.principal, departmentCode);
    const subject = this.grading.resolve(dto.subjectCode);
    const industry = dto.industry.trim();
    const data = {
      evaluationId: randomUUID(),
      subjectCode: subject.displayCode,
      department: { name: dto.department.name.trim(), code: departmentCode },
      industry,
      grade: dto.grade,
      validUntil: dto.validUntil,
      basis: dto.basis.trim(),
      recordedOn: todayInShanghai(),
    };
    const meta = commandMetaOf(ctx.principal, ctx.correlationId, subject.subjectKey);
    const recorded = await this.store.transaction(async (tx) => {
      const stream = industryEvaluationStream(departmentCode, industry, subject.subjectKey);
      const { newState, events } = await handleCommand(tx, stream, industryEvaluationDecider, { type: 'RecordEvaluation', data }, meta);
      for (const event of events) {
        const evaluation = event.data as IndustryEvaluationRecordedV1;
        if (evaluation.supersedes) await deactivateRecord(tx.manager, 'INDUSTRY_EVALUATION', evaluation.supersedes, subject.subjectKey, event.type, event.id);
        await upsertRecord(tx.manager, {
          kind: 'INDUSTRY_EVALUATION',
          recordId: evaluation.evaluationId,
          subjectKey: subject.subjectKey,
          source: event.type,
          eventId: event.id,
          category: evaluation.grade,
          active: true,
          maximumUntil: evaluation.validUntil,
        });
        await this.grading.recompute(tx, subject.subjectKey, toEnvelope(event));
      }
      return newState.current!;
    });
    const { evaluationId, ...rest } = recorded;
    return { id: evaluationId, ...rest };
  }
}
