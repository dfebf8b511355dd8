import { TOPICS, TopicName } from './envelope';

/** Which topic an event type goes to: facts about a credit subject, or reference data. */
export type EventTopic = 'subject' | 'reference';

export interface TopicSpec {
  /** Kafka topic name. */
  name: TopicName;
  title: string;
  description: string;
  /** What the Kafka message key is: it decides the partition, hence the order consumers see. */
  key: string;
}

export const TOPIC_SPECS: Readonly<Record<EventTopic, TopicSpec>> = {
  subject: {
    name: TOPICS.subjectEvents,
    title: 'Credit subject events',
    description:
      'Every event about a credit subject, from every service, keyed by the subject key so that each subject\'s ' +
      'history (penalty published, listed, repaired, ...) reaches every consumer in one causal order, live and on replay.',
    key:
      'The subject key: the unified social credit code for organisations and individual businesses; for natural ' +
      'persons a keyed HMAC of the citizen ID number (never the number itself). Equal to the envelope\'s subjectKey.',
  },
  reference: {
    name: TOPICS.reference,
    title: 'Reference data',
    description:
      'Reference data that is not about one credit subject: catalogs (事项目录), measure lists, evaluation rules, ' +
      'linkage units, departments. Keyed by entity id so that each entity\'s changes stay in order.',
    key: 'The id of the reference entity the event is about.',
  },
};

/** The Kafka topic of an event topic kind. */
export function topicName(topic: EventTopic): TopicName {
  return TOPIC_SPECS[topic].name;
}

/**
 * Broker settings both topics are created with. The topics are the platform's log of record:
 * replays rebuild projections and re-read subject histories from the start, so nothing may ever
 * be deleted by time or size (retention -1) or compacted away (cleanup policy delete, never
 * compact: compaction would keep only the last event per subject).
 */
export const TOPIC_CONFIG: Readonly<Record<'retention.ms' | 'retention.bytes' | 'cleanup.policy', string>> = {
  'retention.ms': '-1',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
};
