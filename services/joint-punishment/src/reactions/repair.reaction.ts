import {
  penaltyCorrectedV1,
  penaltyPublicityWithdrawnV1,
  repairApprovedV1,
  type Actor,
  type EventEnvelope,
  type PenaltyCorrectedV1,
  type PenaltyPublicityWithdrawnV1,
  type RepairApprovedV1,
} from '@credit/contracts';
import { evolvePenaltyFacts, publicityDepartureBy, type PenaltyFactsEvent } from '@credit/credit-rules';
import { toShanghaiDate } from '@credit/domain-kernel';
import { EventStore, handleCommand, type EventStoreTransaction } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ListEntriesService, type ExitCommandData } from '../list-entries/list-entries.service';
import { entriesWithEveryRecordWithdrawn, findWithdrawal, recordWithdrawal } from '../withdrawals/withdrawn-records.projection';
import { repairEffectsDecider, repairEffectsStream } from './repair-effects.decider';

/** The exit reason is free text on the topic; the contract caps it at 2000 characters. */
const MAX_REASON = 2000;
const clip = (text: string) => (text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`);

/** Who and what caused the effects: they carry the repair's correlation id and the triggering event as cause. */
interface Cause {
  correlationId: string;
  causationId: string;
  actor: Actor;
}

/**
 * 修复退出 (domain.md §5): an approved repair takes the list entries resting on its record alone
 * off the lists, a penalty leaving publicity those whose every basis record has now left it, and
 * each exit lifts each applied measure exactly once. Everything is written through the inbox
 * transaction (`ctx.manager`), so the effects, the record that the event was handled and the offset
 * commit cannot disagree; a second delivery finds the inbox row, and a second repair event finds the entries exited and the acknowledgement given.
 */
@Controller()
export class RepairReaction {
  private readonly logger = new Logger(RepairReaction.name);

  constructor(
    private readonly store: EventStore,
    private readonly entries: ListEntriesService,
  ) {}

  @EventPattern(repairApprovedV1.type)
  async onRepairApproved(@Payload() event: EventEnvelope<RepairApprovedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    const repair = event.data;
    const tx = this.store.within(ctx.manager);
    // 谁认定、谁修复: the deciding unit of the repair is the one taking the entries off the lists.
    const cause: Cause = { correlationId: event.correlationId, causationId: event.id, actor: { departmentCode: repair.decidingUnitCode } };
    const exit: ExitCommandData = {
      trigger: 'REPAIR',
      reason: clip(`repair application ${repair.applicationId} approved on ${repair.decidedOn}: ${repair.reason}`),
      repairApplicationId: repair.applicationId,
    };
    const exited =
      repair.target.type === 'LIST_ENTRY'
        ? await this.exitListEntry(tx, ctx, repair.target.id, exit, cause)
        : await this.exitEntriesRestingOn(tx, ctx, repair.target.id, exit, cause);
    await this.acknowledgeRepair(tx, event.subjectKey as string, repair.applicationId, exited, cause);
  }

  @EventPattern(penaltyPublicityWithdrawnV1.type)
  async onPenaltyPublicityWithdrawn(@Payload() event: EventEnvelope<PenaltyPublicityWithdrawnV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.penaltyPublicityChanged(event, ctx);
  }

  /** A published penalty corrected so that it is no longer published leaves publicity like a withdrawn one. */
  @EventPattern(penaltyCorrectedV1.type)
  async onPenaltyCorrected(@Payload() event: EventEnvelope<PenaltyCorrectedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.penaltyPublicityChanged(event, ctx);
  }

  /** Whether the event takes the penalty out of publicity is the rule of @credit/credit-rules (publicityDepartureBy). */
  private async penaltyPublicityChanged(event: EventEnvelope<PenaltyPublicityWithdrawnV1 | PenaltyCorrectedV1>, ctx: InboxContext): Promise<void> {
    const penaltyEvent = event as PenaltyFactsEvent & typeof event;
    const penaltyId = event.data.penaltyId;
    const before = await findWithdrawal(ctx.manager, penaltyId);
    const left = publicityDepartureBy(before, penaltyEvent);
    if (!left) return;
    const on = left.on ?? toShanghaiDate(event.occurredAt);
    const tx = this.store.within(ctx.manager);
    const cause: Cause = { correlationId: event.correlationId, causationId: event.id, actor: event.actor };
    const exit: ExitCommandData = {
      trigger: 'PUBLICITY_WITHDRAWN',
      reason: clip(`penalty ${penaltyId} withdrawn from publicity on ${on} (${left.reason})` + (left.note ? `: ${left.note}` : '')),
      ...(left.repairApplicationId !== undefined && { repairApplicationId: left.repairApplicationId }),
    };
    // An entry exits when the last of its basis records leaves publicity, whatever the reason; the first departure is the one kept.
    const first = evolvePenaltyFacts(before, penaltyEvent).departure ?? left;
    await recordWithdrawal(ctx.manager, { recordId: penaltyId, subjectKey: event.subjectKey as string, reason: first.reason, withdrawnOn: first.on ?? on }, new Date());
    const exited: string[] = [];
    for (const entry of await entriesWithEveryRecordWithdrawn(ctx.manager, penaltyId)) {
      if (await this.entries.exitWithin(tx, entry.id, exit, { ...cause, subjectKey: entry.subjectKey })) exited.push(entry.id);
    }
    // Usually the repair-approved event has been acknowledged already and this adds nothing.
    if (left.repairApplicationId !== undefined) {
      await this.acknowledgeRepair(tx, event.subjectKey as string, left.repairApplicationId, exited, cause);
    }
  }

  private async exitListEntry(tx: EventStoreTransaction, ctx: InboxContext, id: string, exit: ExitCommandData, cause: Cause): Promise<string[]> {
    const subjectKey = await this.entries.subjectKeyOf(ctx.manager, id);
    if (subjectKey === null) {
      // Entries are created here, never elsewhere: an id unknown here will never appear, so waiting
      // (parking) would only hold the repair up. It is acknowledged with no entry affected.
      this.logger.warn(`repair ${exit.repairApplicationId} targets list entry ${id}, unknown here: nothing to exit`);
      return [];
    }
    return (await this.entries.exitWithin(tx, id, exit, { ...cause, subjectKey })) ? [id] : [];
  }

  private async exitEntriesRestingOn(tx: EventStoreTransaction, ctx: InboxContext, recordId: string, exit: ExitCommandData, cause: Cause): Promise<string[]> {
    const exited: string[] = [];
    for (const entry of await this.entries.entriesRestingOnlyOn(ctx.manager, recordId)) {
      if (await this.entries.exitWithin(tx, entry.id, exit, { ...cause, subjectKey: entry.subjectKey })) exited.push(entry.id);
    }
    return exited;
  }

  /** After the exits and lifts, in the same transaction: credit-repair follows this acknowledgement. */
  private async acknowledgeRepair(tx: EventStoreTransaction, subjectKey: string, applicationId: string, listEntryIds: string[], cause: Cause): Promise<void> {
    await handleCommand(
      tx,
      repairEffectsStream(applicationId),
      repairEffectsDecider,
      { type: 'CompleteRepairEffects', data: { repairApplicationId: applicationId, listEntryIds } },
      { ...cause, subjectKey },
    );
  }
}
