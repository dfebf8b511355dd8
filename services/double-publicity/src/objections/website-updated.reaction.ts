import { websiteUpdatedV1, type EventEnvelope, type WebsiteUpdatedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/** An upheld objection is done on the website once credit-portal says its page shows the change: recorded on the objection. */
@Controller()
export class ObjectionWebsiteReaction {
  @EventPattern(websiteUpdatedV1.type)
  async onWebsiteUpdated(@Payload() event: EventEnvelope<WebsiteUpdatedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.change !== 'OBJECTION_UPHELD' || !event.data.objectionId) return;
    await ctx.manager.query(`UPDATE objections SET website_updated_at = COALESCE(website_updated_at, $2) WHERE id = $1`, [event.data.objectionId, event.recordedAt]);
  }
}
