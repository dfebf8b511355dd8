import type { ConsumerSettings, ProcessingOutcome, RecordPosition } from './consumer-types';
import type { EventMeta } from './decoding';

/**
 * Where every record's outcome is reported, whichever part of the consumer reached it: the
 * credit_consumer_processed_total counter, the `onProcessed` hook, and the time of the last
 * progress (which /health weighs against the lag).
 */
export class RecordObserver {
  /** When the consumer last processed a record or joined its group. */
  lastProgressAt = Date.now();

  constructor(private readonly settings: ConsumerSettings) {}

  /** The consumer joined its group: counts as progress. */
  progressed(): void {
    this.lastProgressAt = Date.now();
  }

  observe(position: RecordPosition, outcome: ProcessingOutcome, meta: EventMeta, fromParked: boolean): void {
    const { groupId, registry, metrics, options } = this.settings;
    // Only contract types become label values: a garbage type in a record must not mint series.
    const type = meta.type !== undefined && registry.latestVersion(meta.type) !== undefined ? meta.type : 'unregistered';
    metrics.processed.inc({ group: groupId, type, outcome });
    this.lastProgressAt = Date.now();
    options.onProcessed?.({
      topic: position.topic,
      partition: position.partition,
      offset: position.offset,
      outcome,
      eventId: meta.id,
      type: meta.type,
      fromParked,
    });
  }
}
