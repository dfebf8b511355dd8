/**
 * What a service declares so its read models can be rebuilt from what it stored: which tables one
 * projection owns, where its events come from, and the function that writes them. The rebuild
 * (rebuild-engine.ts) runs that same function against new tables, so the rebuilt tables come from
 * the code that writes the live ones.
 */
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';

/** The Nest token under which a service provides its `RebuildableProjection[]`. */
export const REBUILDABLE_PROJECTIONS = Symbol('REBUILDABLE_PROJECTIONS');

export interface ProjectionTable {
  name: string;
  /** Columns left out of the checksum because they are not derived from the events (`updated_at DEFAULT now()`). */
  volatileColumns?: string[];
  /**
   * Columns of this table that another writer keeps (a consumer of another service's events), and
   * the rebuild therefore carries over from the live table at the switch, matched by `key`.
   */
  carried?: { key: string[]; columns: string[] };
}

/** A stored log the projection is folded from: a table with an increasing position column. */
export interface ProjectionSource<E> {
  /** The table the events are read from (unqualified: the service's schema). */
  table: string;
  /** Its increasing, unique bigint column (a sequence: committed out of order, with holes). */
  position: string;
  /** The select list, over the table aliased `e`; must include the position column as `position`. */
  columns: string;
  toEvent(row: any): E;
}

export interface RebuildableProjection<E = StoredEvent> {
  /** Stable name (`list-entries`), as the operator types it. */
  name: string;
  description: string;
  /** Every table the projection writes; while rebuilding, no other table is visible to `project`. */
  tables: ProjectionTable[];
  /** Where the events come from; the service's event store when absent. */
  source?: ProjectionSource<E>;
  /** Events of other types are not given to `project`. */
  accepts?(type: string): boolean;
  /**
   * `project` never reads the answer of an INSERT, UPDATE or DELETE (no affected-row count): the
   * rebuild may then send its writes many at a time (write-behind.ts), many times faster.
   */
  writesNeedNoAnswer?: boolean;
  /** Writes a batch of events, in order, into the (unqualified) tables, as the live path does. */
  project(manager: EntityManager, events: E[]): Promise<void>;
}

/** Accepts the types that start with one of the prefixes (`joint-punishment.list-entry-`). */
export const typesStartingWith =
  (...prefixes: string[]) =>
  (type: string): boolean =>
    prefixes.some((prefix) => type.startsWith(prefix));

/**
 * One `project` from several projection functions that each skip the types they do not know:
 * every event goes through each of them, in order, so events of different functions interleave
 * as they were stored.
 */
export function projectEach<E>(...projectors: Array<(manager: EntityManager, events: E[]) => Promise<void>>) {
  return async (manager: EntityManager, events: E[]): Promise<void> => {
    for (const event of events) {
      for (const project of projectors) await project(manager, [event]);
    }
  };
}
