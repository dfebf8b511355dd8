/**
 * The penalties and list entries that count in a subject's score (credit_records), evolved by the
 * one rule of @credit/credit-rules for each record's facts: the row is read, the event folded in,
 * and the record counts (active) while the penalty is published, or the entry has not exited.
 */
import type { EventEnvelope } from '@credit/contracts';
import {
  evolveListEntryFacts,
  evolvePenaltyFacts,
  keptListEntryFacts,
  keptPenaltyFacts,
  listEntryNotExited,
  penaltyPublished,
  type ListEntryFacts,
  type ListEntryFactsEvent,
  type PenaltyFacts,
  type PenaltyFactsEvent,
  type Severity,
} from '@credit/credit-rules';
import type { EntityManager } from 'typeorm';
import { deactivateRecord, findRecord, upsertRecord } from './grading.repository';

/** The category of a record known only from its withdrawal or exit. */
const UNKNOWN = 'UNKNOWN';

/**
 * The record's row as facts: recorded unless known only from its withdrawal or exit (its category
 * then unknown, null), whether it counts (active), its term; undefined when there is no row.
 */
async function keptRecord(
  manager: EntityManager,
  kind: 'PENALTY' | 'LIST_ENTRY',
  recordId: string,
): Promise<{ recorded: boolean; category: string | null; active: boolean; maximumUntil: string | null } | undefined> {
  const row = await findRecord(manager, kind, recordId);
  if (row === null) return undefined;
  const recorded = row.category !== UNKNOWN;
  return { recorded, category: recorded ? row.category : null, active: row.active, maximumUntil: row.maximumUntil };
}

/**
 * A penalty event. The row does not tell a withdrawn penalty from a withheld one (both inactive); a
 * withheld one may be corrected back into publicity, a withdrawn one is never corrected again
 * (double-publicity refuses), so an inactive row is read as not published.
 */
export async function projectPenaltyFacts(manager: EntityManager, subjectKey: string, event: EventEnvelope<PenaltyFactsEvent['data']>): Promise<void> {
  const penaltyId = event.data.penaltyId;
  const kept = await keptRecord(manager, 'PENALTY', penaltyId);
  const before: PenaltyFacts | undefined =
    kept && keptPenaltyFacts(penaltyId, { recorded: kept.recorded, status: kept.active ? 'PUBLISHED' : 'NOT_PUBLISHED', severity: kept.category as Severity | null, maximumUntil: kept.maximumUntil });
  const facts = evolvePenaltyFacts(before, event as PenaltyFactsEvent & typeof event);
  if (penaltyPublished(facts) && facts.severity !== null) {
    await upsertRecord(manager, {
      kind: 'PENALTY',
      recordId: penaltyId,
      subjectKey,
      source: event.type,
      eventId: event.id,
      category: facts.severity,
      active: true,
      ...(facts.maximumUntil !== null && { maximumUntil: facts.maximumUntil }),
    });
  } else {
    await deactivateRecord(manager, 'PENALTY', penaltyId, subjectKey, event.type, event.id);
  }
}

/** A list entry event: an exit is final, so an inactive row is an exited entry. */
export async function projectListEntryFacts(manager: EntityManager, subjectKey: string, event: EventEnvelope<ListEntryFactsEvent['data']>): Promise<void> {
  const listEntryId = event.data.listEntryId;
  const kept = await keptRecord(manager, 'LIST_ENTRY', listEntryId);
  const before: ListEntryFacts | undefined =
    kept && keptListEntryFacts(listEntryId, { recorded: kept.recorded, status: kept.active ? 'IN_FORCE' : 'EXITED', list: kept.category as ListEntryFacts['list'] });
  const facts = evolveListEntryFacts(before, event as ListEntryFactsEvent & typeof event);
  if (listEntryNotExited(facts) && facts.list !== null) {
    await upsertRecord(manager, { kind: 'LIST_ENTRY', recordId: listEntryId, subjectKey, source: event.type, eventId: event.id, category: facts.list, active: true });
  } else {
    await deactivateRecord(manager, 'LIST_ENTRY', listEntryId, subjectKey, event.type, event.id);
  }
}
