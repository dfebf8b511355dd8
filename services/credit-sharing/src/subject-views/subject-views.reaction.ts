import type { EventEnvelope } from '@credit/contracts';
import { subjectView } from '@credit/credit-rules';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';

/**
 * The public side of what an institution is answered (registration, public records, grade, list
 * status) is the website's: the same fold of the same subject events (@credit/credit-rules
 * `subjectView`), kept here per subject in the inbox transaction, so a repair that clears the
 * website clears the answer to the bank at the same event.
 */
@Controller()
export class SubjectViewsReaction {
  @EventPattern([...subjectView.SUBJECT_VIEW_EVENT_TYPES])
  onSubjectEvent(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return foldIntoView(ctx.manager, e);
  }
}

/** Folds one subject event into the subject's stored view (the inbox has already refused a redelivery). */
export async function foldIntoView(manager: EntityManager, e: Pick<EventEnvelope, 'subjectKey' | 'type' | 'data'>): Promise<void> {
  if (!e.subjectKey) return;
  const [row]: { state: subjectView.SubjectState }[] = await manager.query(`SELECT state FROM sharing_subject_views WHERE subject_key = $1 FOR UPDATE`, [e.subjectKey]);
  const state = subjectView.evolve(row?.state ?? subjectView.emptyState(), { type: e.type, data: e.data });
  await manager.query(
    `INSERT INTO sharing_subject_views (subject_key, state, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (subject_key) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
    [e.subjectKey, JSON.stringify(state)],
  );
}

export async function findSubjectState(manager: Pick<EntityManager, 'query'>, subjectKey: string): Promise<subjectView.SubjectState | undefined> {
  const [row]: { state: subjectView.SubjectState }[] = await manager.query(`SELECT state FROM sharing_subject_views WHERE subject_key = $1`, [subjectKey]);
  return row?.state;
}
