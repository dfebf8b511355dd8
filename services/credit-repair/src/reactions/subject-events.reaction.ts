import {
  commitmentClosedV1,
  commitmentFulfilmentRecordedV1,
  commitmentSignedV1,
  deliveryAcknowledgedV1,
  deliveryFailedV1,
  gradeRecomputedV1,
  listEntryCreatedV1,
  listEntryExitedV1,
  penaltyCorrectedV1,
  penaltyPublicityWithdrawnV1,
  penaltyPublishedV1,
  penaltyRecordedUnpublishedV1,
  penaltyRepairNotedV1,
  repairEffectsCompletedV1,
  repairPublicationClearedV1,
  type CommitmentClosedV1,
  type CommitmentFulfilmentRecordedV1,
  type CommitmentSignedV1,
  type DeliveryAcknowledgedV1,
  type DeliveryFailedV1,
  type EventEnvelope,
  type ListEntryCreatedV1,
  type ListEntryExitedV1,
  type PenaltyCorrectedV1,
  type PenaltyPublicityWithdrawnV1,
  type PenaltyPublishedV1,
  type PenaltyRecordedUnpublishedV1,
  type PenaltyRepairNotedV1,
} from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import * as records from '../records/records.projection';
import type { Acknowledgement } from '../repairs/repair.decider';
import { findApplicationSubject } from '../repairs/repairs.repository';
import { RepairsService } from '../repairs/repairs.service';

/**
 * What credit-repair takes from credit.subject-events: the records eligibility is judged from, and
 * the acknowledgements of an approved repair (followed by correlationId = the application id;
 * one subject's events share a partition, so they arrive in causal order). Everything is written
 * through the inbox transaction, so a redelivery finds the inbox row and changes nothing.
 */
@Controller()
export class SubjectEventsReaction {
  private readonly logger = new Logger(SubjectEventsReaction.name);

  constructor(
    private readonly store: EventStore,
    private readonly repairs: RepairsService,
  ) {}

  @EventPattern(penaltyPublishedV1.type)
  async onPenaltyPublished(@Payload() event: EventEnvelope<PenaltyPublishedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectPenaltyEvent(ctx.manager, event);
  }

  @EventPattern(penaltyRecordedUnpublishedV1.type)
  async onPenaltyUnpublished(@Payload() event: EventEnvelope<PenaltyRecordedUnpublishedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectPenaltyEvent(ctx.manager, event);
  }

  /** A correction restates the record with its window recomputed: eligibility is judged from the corrected one. */
  @EventPattern(penaltyCorrectedV1.type)
  async onPenaltyCorrected(@Payload() event: EventEnvelope<PenaltyCorrectedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectPenaltyEvent(ctx.manager, event);
  }

  @EventPattern(penaltyPublicityWithdrawnV1.type)
  async onPublicityWithdrawn(@Payload() event: EventEnvelope<PenaltyPublicityWithdrawnV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectPenaltyEvent(ctx.manager, event);
    await this.acknowledge(event, ctx, { kind: 'PUBLICITY_WITHDRAWN', reason: event.data.reason });
  }

  /** The penalty was already out of publicity: double-publicity's answer to the repair all the same. */
  @EventPattern(penaltyRepairNotedV1.type)
  async onPenaltyRepairNoted(@Payload() event: EventEnvelope<PenaltyRepairNotedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.acknowledge(event, ctx, {
      kind: 'REPAIR_NOTED_OUT_OF_PUBLICITY',
      repairApplicationId: event.data.repairApplicationId,
      alreadyOutOfPublicity: event.data.alreadyOutOfPublicity,
    });
  }

  @EventPattern(listEntryCreatedV1.type)
  async onListEntryCreated(@Payload() event: EventEnvelope<ListEntryCreatedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectListEntryEvent(ctx.manager, event);
  }

  @EventPattern(listEntryExitedV1.type)
  async onListEntryExited(@Payload() event: EventEnvelope<ListEntryExitedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectListEntryEvent(ctx.manager, event);
  }

  @EventPattern(commitmentSignedV1.type)
  async onCommitmentSigned(@Payload() event: EventEnvelope<CommitmentSignedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectCommitmentSigned(ctx.manager, event);
  }

  @EventPattern(commitmentFulfilmentRecordedV1.type)
  async onCommitmentFulfilment(@Payload() event: EventEnvelope<CommitmentFulfilmentRecordedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectCommitmentFulfilment(ctx.manager, event);
  }

  /** An expired or withdrawn repair commitment no longer supports a repair. */
  @EventPattern(commitmentClosedV1.type)
  async onCommitmentClosed(@Payload() event: EventEnvelope<CommitmentClosedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await records.projectCommitmentClosed(ctx.manager, event);
  }

  @EventPattern(repairEffectsCompletedV1.type)
  async onRepairEffectsCompleted(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    await this.acknowledge(event, ctx, { kind: 'REPAIR_EFFECTS_COMPLETED' });
  }

  @EventPattern(repairPublicationClearedV1.type)
  async onWebsiteCleared(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    await this.acknowledge(event, ctx, { kind: 'WEBSITE_CLEARED' });
  }

  @EventPattern(gradeRecomputedV1.type)
  async onGradeRecomputed(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    await this.acknowledge(event, ctx, { kind: 'GRADE_RECOMPUTED' });
  }

  @EventPattern(deliveryAcknowledgedV1.type)
  async onDeliveryAcknowledged(@Payload() event: EventEnvelope<DeliveryAcknowledgedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.acknowledge(event, ctx, { kind: 'DELIVERY_ACKNOWLEDGED', target: event.data.target, sourceType: event.data.sourceType });
  }

  @EventPattern(deliveryFailedV1.type)
  async onDeliveryFailed(@Payload() event: EventEnvelope<DeliveryFailedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.acknowledge(event, ctx, { kind: 'DELIVERY_FAILED', target: event.data.target, sourceType: event.data.sourceType, error: event.data.error });
  }

  /** Hands the acknowledgement to the application named by the correlation id, if it is one of ours. */
  private async acknowledge(event: EventEnvelope, ctx: InboxContext, acknowledgement: Acknowledgement): Promise<void> {
    const application = await findApplicationSubject(ctx.manager, event.correlationId);
    // Most events on the topic belong to no repair: their correlation id is a request's.
    if (!application) return;
    if (application.subject_key !== event.subjectKey) {
      this.logger.warn(`event ${event.id} (${event.type}) carries repair ${event.correlationId} of another subject: ignored`);
      return;
    }
    await this.repairs.run(
      this.store.within(ctx.manager),
      event.correlationId,
      { type: 'ObserveAcknowledgement', data: { acknowledgement, eventId: event.id, at: event.occurredAt } },
      {
        subjectKey: application.subject_key,
        correlationId: event.correlationId,
        causationId: event.id,
        // The follow-up is the deciding unit's repair (谁认定、谁修复).
        actor: { departmentCode: application.deciding_unit_code ?? event.actor.departmentCode },
      },
    );
  }
}
