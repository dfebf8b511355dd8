/**
 * The national protocol adapter, as the ledger and the consumer import it: the flows themselves,
 * one per file with its field mapping, are in `./flows`.
 */
export { DELIVERED_EVENT_TYPES, planDeliveries, UPSTREAM_FLOWS, yuanToTenThousandYuan, yuanToWan, type PlannedDelivery, type UpstreamFlow } from './flows';
