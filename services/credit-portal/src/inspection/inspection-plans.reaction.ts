import type { EventEnvelope, InspectionPlanDrawnV1, InspectionResultRecordedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PublicInspectionPlansService } from './inspection-plans.service';

/** Plans and results are kept in the inbox transaction; when they are shown is decided on reading. */
@Controller()
export class InspectionPlansReaction {
  constructor(private readonly plans: PublicInspectionPlansService) {}

  @EventPattern('grading-supervision.inspection-plan-drawn')
  onPlanDrawn(@Payload() e: EventEnvelope<InspectionPlanDrawnV1>, @Ctx() ctx: InboxContext) {
    return this.plans.keepPlan(ctx.manager, e.data, e.recordedAt);
  }

  @EventPattern('grading-supervision.inspection-result-recorded')
  onResultRecorded(@Payload() e: EventEnvelope<InspectionResultRecordedV1>, @Ctx() ctx: InboxContext) {
    return this.plans.keepResult(ctx.manager, e.data, e.recordedAt);
  }
}
