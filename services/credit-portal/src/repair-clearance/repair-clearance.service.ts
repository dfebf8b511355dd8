import { repairPublicationClearedV1, type EventEnvelope, type RepairApprovedV1, type RepairPublicationClearedV1 } from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { appendAcknowledgement } from '../common/acknowledgement';
import { markClearanceAcknowledged, markClearanceStep, openClearance } from './repair-clearance.repository';
import { clearanceToAcknowledge } from './repair-clearance.rules';

/**
 * The website as an effect of every repair: each step is applied in the inbox transaction of the
 * event that brings it, after the page's projection took the same event, so the acknowledgement
 * (repair-publication-cleared, under the application id) is never ahead of what the page shows.
 */
@Injectable()
export class RepairClearanceService {
  private readonly logger = new Logger('RepairClearance');

  constructor(private readonly store: EventStore) {}

  /** An approved repair: what the website must clear. A list-entry target has no penalty to take off. */
  async opened(manager: EntityManager, event: EventEnvelope<RepairApprovedV1>): Promise<void> {
    const { applicationId, target } = event.data;
    await openClearance(manager, {
      applicationId,
      subjectKey: event.subjectKey,
      targetType: target.type,
      targetId: target.id,
      publicityCleared: target.type === 'LIST_ENTRY',
    });
  }

  /** The penalty of the repair is off the page (withdrawn for it, or already out of publicity). */
  publicityCleared(manager: EntityManager, applicationId: string, event: EventEnvelope): Promise<void> {
    return this.mark(manager, applicationId, 'publicity_cleared', event);
  }

  /** joint-punishment's exits for the repair are all in the projection (repair-effects-completed follows them). */
  listsCleared(manager: EntityManager, applicationId: string, event: EventEnvelope): Promise<void> {
    return this.mark(manager, applicationId, 'lists_cleared', event);
  }

  private async mark(manager: EntityManager, applicationId: string, column: 'publicity_cleared' | 'lists_cleared', cause: EventEnvelope): Promise<void> {
    const row = await markClearanceStep(manager, applicationId, column);
    // A repair approved before this service followed repairs (or before its consumer group began): nothing to acknowledge.
    if (!row) return;
    const clearance = { publicityCleared: row.publicity_cleared, listsCleared: row.lists_cleared, acknowledged: row.acknowledged_at !== null };
    if (!clearanceToAcknowledge(clearance)) return;
    const data: RepairPublicationClearedV1 = { repairApplicationId: applicationId, target: { type: row.target_type, id: row.target_id } };
    await appendAcknowledgement(this.store, manager, `repair-clearance-${applicationId}`, {
      type: repairPublicationClearedV1.type,
      data,
      subjectKey: row.subject_key,
      correlationId: applicationId,
      causationId: cause.id,
    });
    await markClearanceAcknowledged(manager, applicationId);
    this.logger.log(`repair ${applicationId}: the public page no longer shows it; acknowledged`);
  }
}
