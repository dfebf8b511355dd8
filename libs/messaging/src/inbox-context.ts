import type { EventEnvelope } from '@credit/contracts';
import type { EntityManager } from 'typeorm';

/**
 * What a handler receives besides the event. `manager` is bound to the open transaction that
 * also holds the inbox record of this event: everything the handler writes through it (its
 * projection rows, the events it appends with `EventStore.within(manager)`) commits together
 * with "this event was processed", or not at all. Writing through another connection would
 * break exactly-once effects.
 */
export class InboxContext {
  readonly event: EventEnvelope;
  /** Inside an open transaction; do not commit or release it. */
  readonly manager: EntityManager;
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset of the record, as a decimal string (offsets are 64-bit). */
  readonly offset: string;
  /** 1 on first delivery; counts this consumer's tries of the event, parked retries included. */
  readonly attempt: number;
  /** The consumer group: whose inbox the event is recorded in. */
  readonly groupId: string;

  constructor(init: {
    event: EventEnvelope;
    manager: EntityManager;
    topic: string;
    partition: number;
    offset: string;
    attempt: number;
    groupId: string;
  }) {
    this.event = init.event;
    this.manager = init.manager;
    this.topic = init.topic;
    this.partition = init.partition;
    this.offset = init.offset;
    this.attempt = init.attempt;
    this.groupId = init.groupId;
  }
}
