import {
  commitmentFulfilmentRecordedV1,
  listEntryCreatedV1,
  listEntryExitedV1,
  penaltyCorrectedV1,
  penaltyPublicityWithdrawnV1,
  penaltyPublishedV1,
  penaltyRepairNotedV1,
  repairEffectsCompletedV1,
  type CommitmentFulfilmentRecordedV1,
  type EventEnvelope,
  type ListEntryCreatedV1,
  type ListEntryExitedV1,
  type PenaltyCorrectedV1,
  type PenaltyPublicityWithdrawnV1,
  type PenaltyPublishedV1,
  type RepairEffectsCompletedV1,
} from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { projectListEntryFacts, projectPenaltyFacts } from '../grading/credit-records.projection';
import { upsertRecord } from '../grading/grading.repository';
import { GradingService } from '../grading/grading.service';

/**
 * 分级分类监管 (domain.md §7): every change to a subject's credit record updates the records
 * that count in its score, and the grade is recomputed and announced (grade-recomputed) in the
 * same inbox transaction: records, grade event, inbox row and offset cannot disagree, and a
 * second delivery of a trigger finds the inbox row (and the grade stream answering it) and adds nothing.
 */
@Controller()
export class GradingReaction {
  private readonly logger = new Logger(GradingReaction.name);

  constructor(
    private readonly store: EventStore,
    private readonly grading: GradingService,
  ) {}

  @EventPattern(penaltyPublishedV1.type)
  async onPenaltyPublished(@Payload() event: EventEnvelope<PenaltyPublishedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, (subjectKey) => projectPenaltyFacts(ctx.manager, subjectKey, event));
  }

  /** A corrected penalty counts as corrected: its severity and window, or not at all once out of publicity. */
  @EventPattern(penaltyCorrectedV1.type)
  async onPenaltyCorrected(@Payload() event: EventEnvelope<PenaltyCorrectedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, (subjectKey) => projectPenaltyFacts(ctx.manager, subjectKey, event));
  }

  /** Changes no record (the penalty was already out of publicity), but the repair flow waits for a grade after it. */
  @EventPattern(penaltyRepairNotedV1.type)
  async onPenaltyRepairNoted(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, async () => undefined);
  }

  @EventPattern(penaltyPublicityWithdrawnV1.type)
  async onPenaltyPublicityWithdrawn(@Payload() event: EventEnvelope<PenaltyPublicityWithdrawnV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, (subjectKey) => projectPenaltyFacts(ctx.manager, subjectKey, event));
  }

  @EventPattern(listEntryCreatedV1.type)
  async onListEntryCreated(@Payload() event: EventEnvelope<ListEntryCreatedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, (subjectKey) => projectListEntryFacts(ctx.manager, subjectKey, event));
  }

  @EventPattern(listEntryExitedV1.type)
  async onListEntryExited(@Payload() event: EventEnvelope<ListEntryExitedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, (subjectKey) => projectListEntryFacts(ctx.manager, subjectKey, event));
  }

  /** Changes no record by itself (its exits came before it), but the repair flow waits for a grade after it. */
  @EventPattern(repairEffectsCompletedV1.type)
  async onRepairEffectsCompleted(@Payload() event: EventEnvelope<RepairEffectsCompletedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, async () => undefined);
  }

  /** Breached and false commitments count against the subject (domain.md §6: fulfilment status feeds grading). */
  @EventPattern(commitmentFulfilmentRecordedV1.type)
  async onCommitmentFulfilment(@Payload() event: EventEnvelope<CommitmentFulfilmentRecordedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.react(event, ctx, (subjectKey) =>
      upsertRecord(ctx.manager, {
        kind: 'COMMITMENT',
        recordId: event.data.commitmentId,
        subjectKey,
        source: event.type,
        eventId: event.id,
        category: event.data.outcome,
        active: true,
      }),
    );
  }

  private async react(event: EventEnvelope, ctx: InboxContext, change: (subjectKey: string) => Promise<void>): Promise<void> {
    const subjectKey = event.subjectKey;
    if (subjectKey === null) {
      // Subject events are keyed by their subject; one without cannot be graded.
      this.logger.warn(`${event.type} ${event.id} carries no subject key: not graded`);
      return;
    }
    await change(subjectKey);
    await this.grading.recompute(this.store.within(ctx.manager), subjectKey, event);
  }
}
