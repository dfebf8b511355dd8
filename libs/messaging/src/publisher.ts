/** One record to publish. `key` decides the partition, so one subject's events stay in order. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/**
 * The messaging port the rest of the platform publishes through. `publish` resolves only when
 * every message is acknowledged by all in-sync replicas, and keeps the given order per key.
 */
export interface MessagePublisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
}
