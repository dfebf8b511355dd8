/**
 * Events of national-connector: the outcome of each delivery to a national platform (信用中国 /
 * 全国信用信息共享平台, 国家企业信用信息公示系统). Each carries the source event's correlationId
 * (for a repair, the application id) and causationId = the source event id, on the subject topic
 * keyed by the source event's subject key, so credit-repair can follow the repair's effects.
 */
import { JsonSchema, EVENT_TYPE_PATTERN, textWithoutIdNumber, timestampSchema } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

/** The national systems the connector delivers to; `credit-loan-platform`: the national and provincial 信易贷 platforms. */
export type DeliveryTarget = 'credit-china' | 'enterprise-publicity' | 'shared-platform' | 'credit-loan-platform';
export const DELIVERY_TARGETS: readonly DeliveryTarget[] = ['credit-china', 'enterprise-publicity', 'shared-platform', 'credit-loan-platform'];

export interface DeliveryAcknowledgedV1 {
  deliveryId: string;
  /** The event that was delivered upstream. */
  sourceEventId: string;
  sourceType: string;
  target: DeliveryTarget;
  /** Path of the national feed, e.g. `/repair-results`. */
  endpoint: string;
  /** HTTP calls made, this one included. */
  attempts: number;
  httpStatus: number;
  /** ISO 8601 timestamp. */
  deliveredAt: string;
}

export interface DeliveryFailedV1 extends DeliveryAcknowledgedV1 {
  /** What the national platform answered (no personal data: the connector clips and masks it). */
  error: string;
}

const deliveryProperties: Record<string, JsonSchema> = {
  deliveryId: { type: 'string', format: 'uuid', description: 'Id of the delivery in the connector ledger.' },
  sourceEventId: { type: 'string', format: 'uuid', description: 'Id of the delivered event (the Idempotency-Key sent upstream).' },
  sourceType: { type: 'string', pattern: EVENT_TYPE_PATTERN, maxLength: 200 },
  target: { type: 'string', enum: [...DELIVERY_TARGETS] },
  endpoint: { type: 'string', pattern: '^/[a-z0-9/_-]*$', maxLength: 200 },
  attempts: { type: 'integer', minimum: 1 },
  httpStatus: { type: 'integer', minimum: 100, maximum: 599 },
  deliveredAt: timestampSchema('When the national platform answered.'),
};
const deliveryRequired = ['deliveryId', 'sourceEventId', 'sourceType', 'target', 'endpoint', 'attempts', 'httpStatus', 'deliveredAt'];

export const deliveryAcknowledgedV1 = defineEvent<DeliveryAcknowledgedV1>({
  type: 'national-connector.delivery-acknowledged',
  version: 1,
  topic: 'subject',
  description:
    'A national platform accepted a delivery (2xx). correlationId = the source event\'s, causationId = the source event id; ' +
    'credit-repair counts a repair-approved delivery to each target as one effect of the repair.',
  schema: { type: 'object', additionalProperties: false, required: deliveryRequired, properties: deliveryProperties },
});

export const deliveryFailedV1 = defineEvent<DeliveryFailedV1>({
  type: 'national-connector.delivery-failed',
  version: 1,
  topic: 'subject',
  description:
    'A national platform refused a delivery (4xx): it is not retried automatically but kept for operations, who can ' +
    'retry it after fixing the cause. Same correlation and causation as delivery-acknowledged.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...deliveryRequired, 'error'],
    properties: { ...deliveryProperties, error: textWithoutIdNumber('What the national platform answered.', 2000) },
  },
});

/**
 * The same outcomes for reference data that has no subject (the monthly joint reward-punishment
 * report): on the reference topic, keyed by the delivery's stream, since there is no subject
 * partition to follow.
 */
export const referenceDeliveryAcknowledgedV1 = defineEvent<DeliveryAcknowledgedV1>({
  type: 'national-connector.reference-delivery-acknowledged',
  version: 1,
  topic: 'reference',
  description: 'A national platform accepted the delivery of reference data (2xx), such as the monthly execution report. causationId = the source event id.',
  schema: { type: 'object', additionalProperties: false, required: deliveryRequired, properties: deliveryProperties },
});

export const referenceDeliveryFailedV1 = defineEvent<DeliveryFailedV1>({
  type: 'national-connector.reference-delivery-failed',
  version: 1,
  topic: 'reference',
  description: 'A national platform refused the delivery of reference data (4xx); kept for operations, who can retry it.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...deliveryRequired, 'error'],
    properties: { ...deliveryProperties, error: textWithoutIdNumber('What the national platform answered.', 2000) },
  },
});

export const nationalConnectorCatalog: EventCatalog = {
  events: [deliveryAcknowledgedV1, deliveryFailedV1, referenceDeliveryAcknowledgedV1, referenceDeliveryFailedV1],
};
