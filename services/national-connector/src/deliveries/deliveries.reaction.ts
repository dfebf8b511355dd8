import { creditLoanShareV1, licenseCorrectedV1, licensePublishedV1, listEntryCreatedV1, monthlyFeedbackCompiledV1, newEventId, objectionResolvedV1, penaltyCorrectedV1, penaltyPublishedV1, repairApprovedV1, type EventEnvelope } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { planDeliveries } from '../adapters/national-protocol.adapter';
import { recordDeliveries } from './deliveries.repository';

/**
 * Everything that must go upstream (domain.md §9) is written to the delivery ledger in the inbox
 * transaction: the consumer never waits for the national platforms, and a delivery is never lost
 * or doubled between "event handled" and "call scheduled". The worker does the calling.
 */
@Controller()
export class DeliveriesReaction {
  private readonly logger = new Logger(DeliveriesReaction.name);

  @EventPattern(penaltyPublishedV1.type)
  onPenaltyPublished(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  @EventPattern(penaltyCorrectedV1.type)
  onPenaltyCorrected(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  @EventPattern(licensePublishedV1.type)
  onLicensePublished(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  @EventPattern(licenseCorrectedV1.type)
  onLicenseCorrected(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  @EventPattern(objectionResolvedV1.type)
  onObjectionResolved(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  /** Reference data on credit.reference: the month's joint reward-punishment execution report. */
  @EventPattern(monthlyFeedbackCompiledV1.type)
  onMonthlyFeedbackCompiled(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  @EventPattern(listEntryCreatedV1.type)
  onListEntryCreated(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  @EventPattern(repairApprovedV1.type)
  onRepairApproved(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  /** A subject's 信易贷 share, for the 信易贷 platforms (only subjects that authorized it: credit-sharing decides). */
  @EventPattern(creditLoanShareV1.type)
  onCreditLoanShare(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    return this.schedule(event, ctx);
  }

  private async schedule(event: EventEnvelope, ctx: InboxContext): Promise<void> {
    const planned = planDeliveries(event);
    const added = await recordDeliveries(ctx.manager, event, planned, newEventId);
    this.logger.debug(`${event.type} ${event.id}: ${added} of ${planned.length} deliveries scheduled`);
  }
}
