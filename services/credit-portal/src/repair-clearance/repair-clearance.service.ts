import { repairPublicationClearedV1, type EventEnvelope, type RepairApprovedV1, type RepairPublicationClearedV1 } from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { appendAcknowledgement } from '../common/acknowledgement';
import { clearanceToAcknowledge } from './repair-clearance.rules';

interface ClearanceRow {
  application_id: string;
  subject_key: string;
  target_type: 'PENALTY' | 'LIST_ENTRY';
  target_id: string;
  publicity_cleared: boolean;
  lists_cleared: boolean;
  acknowledged_at: Date | null;
}

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
    await manager.query(
      `INSERT INTO repair_clearances (application_id, subject_key, target_type, target_id, publicity_cleared)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO NOTHING`,
      [applicationId, event.subjectKey, target.type, target.id, target.type === 'LIST_ENTRY'],
    );
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
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows]: [ClearanceRow[], number] = await manager.query(
      `UPDATE repair_clearances SET ${column} = true WHERE application_id = $1 RETURNING *`,
      [applicationId],
    );
    const [row] = rows;
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
    await manager.query(`UPDATE repair_clearances SET acknowledged_at = now() WHERE application_id = $1`, [applicationId]);
    this.logger.log(`repair ${applicationId}: the public page no longer shows it; acknowledged`);
  }
}
