export * from './publisher';
export { createKafka, defaultPartitions } from './kafka';
export type { KafkaSettings } from './kafka';
export { TOPIC_PREFIX_PATTERN, topicPrefixOf } from './topic-prefix';
export { KafkaPublisher } from './kafka-publisher';
export type { KafkaPublisherOptions, RawRecord } from './kafka-publisher';
export { ensureTopics, createTopicsIfMissing } from './topics';
export type { EnsureTopicsOptions } from './topics';
export { checkKafka } from './health';
export { EventNotReadyError, isEventNotReady, isTransientInfrastructureError } from './errors';
export { InboxContext } from './inbox-context';
export { InboxConsumer } from './inbox-consumer';
export { CONSUMER_STATES } from './consumer-types';
export type {
  ConsumerHealth,
  ConsumerOptions,
  ConsumerState,
  InboxConsumerOptions,
  InboxHandler,
  ProcessedRecord,
  ProcessingOutcome,
  RecordPosition,
} from './consumer-types';
export type { RedriveResult } from './dead-lettering';
export { CreditKafkaServer, InboxExceptionFilter } from './credit-kafka.server';
export { DLQ_HEADERS } from './dead-letters';
export type { DeadLetterReason } from './dead-letters';
export type { ParkReason } from './parked-events';
export {
  messagingMigrations,
  MessagingInbox1732100000000,
  MessagingParkedEvents1732100000001,
  MessagingDeadLetters1732100000002,
} from './migrations';
export { consumerMetrics } from './metrics';
export type { ConsumerMetrics } from './metrics';
export { backoffDelay } from './backoff';
export type { BackoffSettings } from './backoff';
export { TopicReplay, replayGroupOf } from './replay';
export type { ReplayEnd, ReplayPartitionProgress, ReplayProgress, ReplayRun, ReplayStatus, TopicReplayOptions } from './replay';
export {
  formatPartitionOffsets,
  parseReplayPosition,
  planReplayRange,
  positionOffsets,
  REPLAY_POSITION_HINT,
  ReplayRangeError,
  resolveReplayRange,
} from './replay-range';
export type { PartitionOffset, PartitionWatermarks, ReplayPartitionRange, ReplayPlan, ReplayPosition } from './replay-range';
export { emptyOutcomes, MAX_LISTED_PROBLEMS, ReplayAborted, ReplayTally, tableDeltas, typeLabel } from './replay-tally';
export type { ReplayCounts, ReplayedRecord, ReplayProblem, TableChange, TableCounters } from './replay-tally';
