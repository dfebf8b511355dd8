import { repairApprovedV1, type EventEnvelope, type RepairApprovedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PenaltiesService } from '../penalties/penalties.service';

/**
 * Policy: an approved repair of a penalty takes it out of publicity (architecture.md, "The repair,
 * end to end", step 3). The inbox makes a second delivery of the same repair event a no-op.
 */
@Controller()
export class RepairApprovedReaction {
  constructor(private readonly penalties: PenaltiesService) {}

  @EventPattern(repairApprovedV1.type)
  async onRepairApproved(@Payload() event: EventEnvelope<RepairApprovedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    // List entries are repaired by joint-punishment; only penalty records are ours.
    if (event.data.target.type !== 'PENALTY') return;
    await this.penalties.withdrawForRepair(event, ctx.manager);
  }
}
