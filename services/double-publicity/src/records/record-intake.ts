import type { EventEnvelope } from '@credit/contracts';
import { EventStore, isUniqueViolation } from '@credit/event-store';
import { ConflictProblem } from '@credit/platform';

export interface HistoryEntry {
  eventId: string;
  type: string;
  version: number;
  streamVersion: number;
  recordedAt: string;
  correlationId: string;
  causationId: string | null;
  actor: EventEnvelope['actor'];
  data: unknown;
}

/** A record's events as its read answer shows them (every change audited, domain.md §2). */
export async function historyOf(store: EventStore, stream: string): Promise<HistoryEntry[]> {
  const events = await store.readStream(stream);
  return events.map((e) => ({
    eventId: e.id,
    type: e.type,
    version: e.version,
    streamVersion: e.streamVersion,
    recordedAt: e.recordedAt,
    correlationId: e.correlationId,
    causationId: e.causationId,
    actor: e.actor,
    data: e.data,
  }));
}

/**
 * Runs the append of a new record; a second record of the same decision of the same authority (the
 * unique natural key, api-contract: duplicate → 409) is answered as a conflict on decisionNumber.
 */
export async function appendNewRecord(
  record: { decisionNumber: string; authority: { code: string } },
  append: () => Promise<void>,
): Promise<void> {
  try {
    await append();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictProblem(`decision ${record.decisionNumber} of authority ${record.authority.code} is already recorded`, 'decisionNumber');
    }
    throw error;
  }
}
