import {
  penaltyRepairNotedV1,
  repairApprovedV1,
  repairEffectsCompletedV1,
  type EventEnvelope,
  type PenaltyRepairNotedV1,
  type RepairApprovedV1,
  type RepairEffectsCompletedV1,
} from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RepairClearanceService } from './repair-clearance.service';

/**
 * The repair events the website follows besides the page's own (the withdrawal itself is taken by
 * PortalReaction, which projects it first and then reports it here).
 */
@Controller()
export class RepairClearanceReaction {
  constructor(private readonly clearances: RepairClearanceService) {}

  @EventPattern(repairApprovedV1.type)
  onRepairApproved(@Payload() event: EventEnvelope<RepairApprovedV1>, @Ctx() ctx: InboxContext) {
    return this.clearances.opened(ctx.manager, event);
  }

  /** Already out of publicity when the repair was approved: the page does not show it. */
  @EventPattern(penaltyRepairNotedV1.type)
  onRepairNoted(@Payload() event: EventEnvelope<PenaltyRepairNotedV1>, @Ctx() ctx: InboxContext) {
    return this.clearances.publicityCleared(ctx.manager, event.data.repairApplicationId, event);
  }

  @EventPattern(repairEffectsCompletedV1.type)
  onListsExited(@Payload() event: EventEnvelope<RepairEffectsCompletedV1>, @Ctx() ctx: InboxContext) {
    return this.clearances.listsCleared(ctx.manager, event.data.repairApplicationId, event);
  }
}
