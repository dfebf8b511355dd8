import type { EventEnvelope, PenaltyCorrectedV1, PenaltyPublicityWithdrawnV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RepairClearanceService } from '../repair-clearance/repair-clearance.service';
import { WebsiteUpdatesService } from '../website-updates/website-updates.service';
import { PublicService } from './public.service';

/**
 * Every subject event the website depends on is kept (for as-of queries) and folded into the
 * subject's live view in the inbox transaction, so the page and "event handled" never disagree.
 */
@Controller()
export class PortalReaction {
  constructor(
    private readonly portal: PublicService,
    private readonly clearances: RepairClearanceService,
    private readonly websiteUpdates: WebsiteUpdatesService,
  ) {}

  @EventPattern('subject-registry.subject-registered')
  onSubjectRegistered(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  @EventPattern('double-publicity.penalty-published')
  onPenaltyPublished(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  @EventPattern('double-publicity.penalty-corrected')
  async onPenaltyCorrected(@Payload() e: EventEnvelope<PenaltyCorrectedV1>, @Ctx() ctx: InboxContext) {
    await this.portal.record(ctx.manager, e);
    // Corrected by an upheld objection: the page shows the corrected record now.
    if (e.data.objectionId) await this.websiteUpdates.objectionUpheld(ctx.manager, e, e.data.objectionId, e.data.penaltyId);
  }

  @EventPattern('double-publicity.penalty-publicity-withdrawn')
  async onPublicityWithdrawn(@Payload() e: EventEnvelope<PenaltyPublicityWithdrawnV1>, @Ctx() ctx: InboxContext) {
    await this.portal.record(ctx.manager, e);
    // Off the page now, in this transaction: a repair's withdrawal counts towards its website effect.
    if (e.data.reason === 'REPAIR' && e.data.repairApplicationId) await this.clearances.publicityCleared(ctx.manager, e.data.repairApplicationId, e);
    if (e.data.reason === 'OBJECTION' && e.data.objectionId) await this.websiteUpdates.objectionUpheld(ctx.manager, e, e.data.objectionId, e.data.penaltyId);
  }

  @EventPattern('joint-punishment.list-entry-created')
  onListEntryCreated(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  @EventPattern('joint-punishment.list-entry-exited')
  async onListEntryExited(@Payload() e: EventEnvelope<{ listEntryId: string }>, @Ctx() ctx: InboxContext) {
    await this.portal.record(ctx.manager, e);
    await this.websiteUpdates.listEntryExited(ctx.manager, e);
  }

  @EventPattern('commitments.commitment-signed')
  onCommitmentSigned(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  @EventPattern('commitments.commitment-fulfilment-recorded')
  onFulfilment(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  /** Withdrawn or expired without a finding: off the page and out of the report. */
  @EventPattern('commitments.commitment-closed')
  onCommitmentClosed(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  @EventPattern('double-publicity.license-published')
  onLicensePublished(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  @EventPattern('double-publicity.license-corrected')
  onLicenseCorrected(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }

  /** The grade and its factors, for the credit report. */
  @EventPattern('grading-supervision.grade-recomputed')
  onGradeRecomputed(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    return this.portal.record(ctx.manager, e);
  }
}
