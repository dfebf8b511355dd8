import { websiteUpdatedV1, type EventEnvelope, type WebsiteUpdatedV1 } from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { appendAcknowledgement } from '../common/acknowledgement';

/**
 * Where another service reports something done that the website shows (a list entry's exit, an
 * upheld objection's withdrawal or correction), credit-portal answers once its page shows it:
 * `website-updated`, in the inbox transaction of the event it projected, under that event's
 * correlation id. The owning service records it on its entry or objection.
 */
@Injectable()
export class WebsiteUpdatesService {
  constructor(private readonly store: EventStore) {}

  /** The page no longer shows the entry (it has just been projected in this transaction). */
  listEntryExited(manager: EntityManager, event: EventEnvelope<{ listEntryId: string }>): Promise<void> {
    return this.acknowledge(manager, event, { change: 'LIST_ENTRY_EXITED', listEntryId: event.data.listEntryId });
  }

  /** The page shows what the upheld objection changed: the record withdrawn or corrected. */
  objectionUpheld(manager: EntityManager, event: EventEnvelope, objectionId: string, recordId: string): Promise<void> {
    return this.acknowledge(manager, event, { change: 'OBJECTION_UPHELD', objectionId, recordId });
  }

  private async acknowledge(manager: EntityManager, cause: EventEnvelope, data: WebsiteUpdatedV1): Promise<void> {
    // One stream per answered event: the inbox already makes a redelivery a no-op, the stream makes it impossible.
    await appendAcknowledgement(this.store, manager, `website-update-${cause.id}`, {
      type: websiteUpdatedV1.type,
      data,
      subjectKey: cause.subjectKey,
      correlationId: cause.correlationId,
      causationId: cause.id,
    });
  }
}
