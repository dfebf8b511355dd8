import { licensePublishedV1, penaltyPublishedV1, penaltyRecordedUnpublishedV1, type EventEnvelope } from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { rememberRecordSubject } from './code-quality.repository';

/**
 * Every subject a penalty or licence record names (double-publicity accepts records about subjects
 * not registered yet: the decision is authoritative). Kept by subject key with the masked code only;
 * the code-quality report counts those never registered. In the inbox transaction: once per event.
 */
@Controller()
export class RecordSubjectsReaction {
  @EventPattern(penaltyPublishedV1.type)
  onPenaltyPublished(@Payload() event: EventEnvelope<{ subject: { maskedCode: string } }>, @Ctx() ctx: InboxContext) {
    return this.remember(event, ctx);
  }

  @EventPattern(penaltyRecordedUnpublishedV1.type)
  onPenaltyRecordedUnpublished(@Payload() event: EventEnvelope<{ subject: { maskedCode: string } }>, @Ctx() ctx: InboxContext) {
    return this.remember(event, ctx);
  }

  @EventPattern(licensePublishedV1.type)
  onLicensePublished(@Payload() event: EventEnvelope<{ subject: { maskedCode: string } }>, @Ctx() ctx: InboxContext) {
    return this.remember(event, ctx);
  }

  private async remember(event: EventEnvelope<{ subject: { maskedCode: string } }>, ctx: InboxContext): Promise<void> {
    if (!event.subjectKey) return;
    await rememberRecordSubject(ctx.manager, event.subjectKey, event.data.subject.maskedCode, event.recordedAt, event.id);
  }
}
