import { newEventId, type EventEnvelope } from '@credit/contracts';
import { afterCommitOf } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { DELIVERED_EVENT_TYPES, planDeliveries } from '../adapters/national-protocol.adapter';
import { recordDeliveries } from './deliveries.repository';
import { DeliveryWorker } from './delivery-worker';

/**
 * Everything that must go upstream (domain.md §9) is written to the delivery ledger in the inbox
 * transaction: the consumer never waits for the national platforms, and a delivery is never lost
 * or doubled between "event handled" and "call scheduled". The worker does the calling.
 */
@Controller()
export class DeliveriesReaction {
  private readonly logger = new Logger(DeliveriesReaction.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly worker: DeliveryWorker,
  ) {}

  /**
   * Every event type an upstream flow maps, subject events and reference data (the monthly joint
   * reward-punishment report) alike: adding a flow subscribes its events, nothing to add here.
   */
  @EventPattern([...DELIVERED_EVENT_TYPES])
  async onDeliveredEvent(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    const planned = planDeliveries(event);
    const added = await recordDeliveries(ctx.manager, event, planned, newEventId);
    this.logger.debug(`${event.type} ${event.id}: ${added} of ${planned.length} deliveries scheduled`);
    // The worker calls as soon as the rows are committed, not at its next poll.
    if (added > 0) afterCommitOf(this.dataSource, ctx.manager.queryRunner, this.worker.nudge);
  }
}
