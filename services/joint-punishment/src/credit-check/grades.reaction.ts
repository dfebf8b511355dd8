import { gradeRecomputedV1, type EventEnvelope, type GradeRecomputedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { upsertSubjectGrade } from './credit-check.repository';

/**
 * Keeps each subject's latest credit grade for the credit check's answer, from grading-supervision's
 * grade-recomputed events on the subject topic. A grade older than the one kept (a redelivery out of
 * order, a replay) changes nothing: the grade stream's version decides.
 */
@Controller()
export class GradesReaction {
  @EventPattern(gradeRecomputedV1.type)
  async onGradeRecomputed(@Payload() event: EventEnvelope<GradeRecomputedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.subjectKey === null) return;
    await upsertSubjectGrade(ctx.manager, {
      subjectKey: event.subjectKey,
      grade: event.data.grade,
      score: event.data.score,
      gradedAt: event.recordedAt,
      eventId: event.id,
      streamVersion: event.streamVersion,
    });
  }
}
