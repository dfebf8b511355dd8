import type { EventEnvelope } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { handleCommand, type EventStoreTransaction } from '@credit/event-store';
import { FieldValidationProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { GradingSupervisionConfig } from '../config';
import { loadRecords, upsertSubjectGrade } from './grading.repository';
import { gradeDecider, gradeStream } from './grade.decider';
import { evaluate } from './scoring.rules';

export interface GradeView {
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  score: number;
  grade: string;
  factors: Array<{ source: string; eventId: string; recordId: string; effect: number }>;
  asOf: string;
}

/** The platform itself recomputes; the trigger's department is on the trigger. */
const GRADING_ACTOR = { departmentCode: 'system', user: 'grading-supervision' };

@Injectable()
export class GradingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: GradingSupervisionConfig,
  ) {}

  /**
   * Recomputes the subject's grade after `trigger` changed its records, and appends the
   * grade-recomputed event in the same (inbox) transaction: same correlation, caused by the trigger.
   */
  async recompute(tx: EventStoreTransaction, subjectKey: string, trigger: EventEnvelope): Promise<void> {
    const evaluation = evaluate(await loadRecords(tx.manager, subjectKey), todayInShanghai());
    const { events } = await handleCommand(
      tx,
      gradeStream(subjectKey),
      gradeDecider,
      { type: 'RecomputeGrade', data: { evaluation, triggerEventId: trigger.id, triggerType: trigger.type } },
      { subjectKey, correlationId: trigger.correlationId, causationId: trigger.id, actor: GRADING_ACTOR },
    );
    for (const event of events) {
      await upsertSubjectGrade(tx.manager, {
        subjectKey,
        score: evaluation.score,
        grade: evaluation.grade,
        triggerEventId: trigger.id,
        computedAt: event.recordedAt,
      });
    }
  }

  /** The grade as of now: penalties past their maximum publicity period drop out on reading too. */
  async gradeOf(pathCode: string): Promise<GradeView> {
    const subject = this.resolve(pathCode);
    return this.dataSource.transaction('REPEATABLE READ', async (manager: EntityManager) => {
      const evaluation = evaluate(await loadRecords(manager, subject.subjectKey), todayInShanghai());
      return {
        subjectCode: subject.displayCode,
        score: evaluation.score,
        grade: evaluation.grade,
        factors: evaluation.factors.map(({ source, eventId, recordId, effect }) => ({ source, eventId, recordId, effect })),
        asOf: new Date().toISOString(),
      };
    });
  }

  private resolve(raw: string): { subjectKey: string; displayCode: string } {
    const subject = this.config.subjectIdentity.resolve(raw);
    if (subject.ok) return { subjectKey: subject.subjectKey, displayCode: subject.maskedCode };
    throw new FieldValidationProblem([
      { field: 'subjectCode', message: 'must be a unified social credit code (GB 32100) or a citizen ID number (GB 11643) with a valid check character' },
    ]);
  }
}
