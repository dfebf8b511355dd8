import { websiteUpdatedV1, type EventEnvelope, type WebsiteUpdatedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { markObjectionWebsiteUpdated } from './objections.repository';

/** An upheld objection is done on the website once credit-portal says its page shows the change: recorded on the objection. */
@Controller()
export class ObjectionWebsiteReaction {
  @EventPattern(websiteUpdatedV1.type)
  async onWebsiteUpdated(@Payload() event: EventEnvelope<WebsiteUpdatedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.change !== 'OBJECTION_UPHELD' || !event.data.objectionId) return;
    await markObjectionWebsiteUpdated(ctx.manager, event.data.objectionId, event.recordedAt);
  }
}
