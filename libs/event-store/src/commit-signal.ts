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

/** Callbacks waiting for the commit of the transaction open on a query runner (dropped on rollback). */
const onCommit = new WeakMap<QueryRunner, Set<() => void>>();
const watched = new WeakSet<DataSource>();

/**
 * Runs `callback` once the transaction open on `runner` (one someone else opened, e.g. the
 * messaging inbox transaction of an event handler) has committed, through TypeORM's transaction
 * events; a rollback drops it. The same callback registered twice in one transaction runs once.
 * For in-process wake-ups of pollers that would otherwise find the committed rows only at their
 * next poll: nothing may depend on it for correctness.
 */
export function afterCommitOf(dataSource: DataSource, runner: QueryRunner | undefined, callback: () => void): void {
  if (!runner) return;
  if (!watched.has(dataSource)) {
    watched.add(dataSource);
    dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        const callbacks = onCommit.get(queryRunner);
        onCommit.delete(queryRunner);
        callbacks?.forEach((each) => each());
      },
      afterTransactionRollback: ({ queryRunner }) => {
        onCommit.delete(queryRunner);
      },
    });
  }
  let callbacks = onCommit.get(runner);
  if (!callbacks) onCommit.set(runner, (callbacks = new Set()));
  callbacks.add(callback);
}

/** Per data source, the one callback that signals its appends (so the Set in afterCommitOf holds it once per transaction). */
const appendSignals = new WeakMap<DataSource, () => void>();

/**
 * For appends made in a transaction someone else opened (`EventStore.within`): signals once that
 * transaction has committed, so that the relay publishes a handler's events at once instead of at
 * its next poll. A rollback signals nothing.
 */
export function signalAfterCommitOf(dataSource: DataSource, runner: QueryRunner): void {
  let signal = appendSignals.get(dataSource);
  if (!signal) appendSignals.set(dataSource, (signal = () => signalAppendCommitted(dataSource)));
  afterCommitOf(dataSource, runner, signal);
}
