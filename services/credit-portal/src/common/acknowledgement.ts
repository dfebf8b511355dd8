import type { EventStore } from '@credit/event-store';
import type { EntityManager } from 'typeorm';

/**
 * credit-portal's acknowledgements (of a repair, of a list exit, of an upheld objection): one event on
 * a stream of its own (expected version 0, so a second answer to the same thing cannot be written),
 * in the inbox transaction of the event that made the page change, by the platform itself.
 */
export async function appendAcknowledgement(
  store: EventStore,
  manager: EntityManager,
  stream: string,
  event: { type: string; data: unknown; subjectKey: string | null; correlationId: string; causationId: string },
): Promise<void> {
  await store.within(manager).append(stream, 0, [{ ...event, actor: { departmentCode: 'system', user: 'credit-portal' } }]);
}
