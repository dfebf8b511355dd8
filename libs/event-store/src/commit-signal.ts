import type { DataSource, QueryRunner } from 'typeorm';

/**
 * In-process signal from the event store to the outbox relay of the same database: "a transaction
 * that appended events has committed". The relay then drains at once instead of at its next poll
 * (the poll still runs: appends committed by other processes, or through a transaction the store
 * did not open, are found by it).
 */
const listeners = new WeakMap<DataSource, Set<() => void>>();

/** Calls `listener` after each commit of an EventStore.transaction on `dataSource` that appended; returns the unsubscribe. */
export function onAppendCommitted(dataSource: DataSource, listener: () => void): () => void {
  let set = listeners.get(dataSource);
  if (!set) listeners.set(dataSource, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function signalAppendCommitted(dataSource: DataSource): void {
  const set = listeners.get(dataSource);
  if (!set) return;
  for (const listener of set) listener();
}

const appendedIn = new WeakSet<QueryRunner>();
const watched = new WeakSet<DataSource>();

/**
 * For appends made in a transaction someone else opened (`EventStore.within`, e.g. the messaging
 * inbox transaction of an event handler): signals once that transaction has committed, through
 * TypeORM's transaction events, so that the relay publishes a handler's events at once instead of
 * at its next poll. A rollback signals nothing.
 */
export function signalAfterCommitOf(dataSource: DataSource, runner: QueryRunner): void {
  if (!watched.has(dataSource)) {
    watched.add(dataSource);
    dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        if (appendedIn.delete(queryRunner)) signalAppendCommitted(dataSource);
      },
      afterTransactionRollback: ({ queryRunner }) => {
        appendedIn.delete(queryRunner);
      },
    });
  }
  appendedIn.add(runner);
}
