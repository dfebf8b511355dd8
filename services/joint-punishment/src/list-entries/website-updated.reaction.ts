import { websiteUpdatedV1, type EventEnvelope, type WebsiteUpdatedV1 } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { markWebsiteCleared } from './list-entries.repository';

/** An exit is done on the website once credit-portal says its page no longer shows the entry: recorded on the entry. */
@Controller()
export class WebsiteUpdatedReaction {
  @EventPattern(websiteUpdatedV1.type)
  async onWebsiteUpdated(@Payload() event: EventEnvelope<WebsiteUpdatedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.change !== 'LIST_ENTRY_EXITED' || !event.data.listEntryId) return;
    await markWebsiteCleared(ctx.manager, event.data.listEntryId, event.recordedAt);
  }
}
