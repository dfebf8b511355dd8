export type { ExpectedVersion, NewEvent, StoredEvent, AppendResult, EventStoreTransaction } from './types';
export { isUniqueViolation, sqlState, WrongExpectedVersionError } from './errors';
export { EventStore, type EventStoreOptions } from './event-store';
export { handleCommand, type Decider, type CommandMeta } from './decider';
export { OutboxRelay, type OutboxRelayOptions, type RelayLogger } from './outbox-relay';
export { toEnvelope, toOutgoingMessage } from './stored-event';
export { eventStoreMigrations, EventStoreSchema1735689600000 } from './migrations';
export { SUBJECT_LOCK_NAMESPACE, RELAY_LOCK_NAMESPACE } from './schema';
