import { gradeRecomputedV1, type EventEnvelope, type GradeRecomputedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/**
 * Keeps each subject's latest credit grade for the credit check's answer, from grading-supervision's
 * grade-recomputed events on the subject topic. A grade older than the one kept (a redelivery out of
 * order, a replay) changes nothing: the grade stream's version decides.
 */
@Controller()
export class GradesController {
  @EventPattern(gradeRecomputedV1.type)
  async onGradeRecomputed(@Payload() event: EventEnvelope<GradeRecomputedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.subjectKey === null) return;
    await ctx.manager.query(
      `INSERT INTO subject_grades (subject_key, grade, score, graded_at, event_id, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (subject_key) DO UPDATE
         SET grade = EXCLUDED.grade, score = EXCLUDED.score, graded_at = EXCLUDED.graded_at,
             event_id = EXCLUDED.event_id, stream_version = EXCLUDED.stream_version
         WHERE subject_grades.stream_version < EXCLUDED.stream_version`,
      [event.subjectKey, event.data.grade, event.data.score, event.recordedAt, event.id, event.streamVersion],
    );
  }
}
