export type { ExpectedVersion, NewEvent, StoredEvent, AppendResult, EventStoreTransaction, StreamAppend } from './types';
export { isUniqueViolation, sqlState, WrongExpectedVersionError } from './errors';
export { EventStore, type EventStoreOptions } from './event-store';
export { handleCommand, handleCommands, type Decider, type CommandMeta, type StreamCommand } from './decider';
export { OutboxRelay, type OutboxRelayOptions, type RelayLogger } from './outbox-relay';
export { afterCommitOf } from './commit-signal';
export { toEnvelope, toOutgoingMessage } from './stored-event';
export {
  eventStoreMigrations,
  EventStoreSchema1735689600000,
  EventStoreAppendMany1764000000000,
  EventStoreOutboxWithoutForeignKey1796600000000,
} from './migrations';
export { SUBJECT_LOCK_NAMESPACE, RELAY_LOCK_NAMESPACE } from './schema';
