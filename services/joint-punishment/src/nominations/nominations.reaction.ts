import {
  commitmentFulfilmentRecordedV1,
  commitmentSignedV1,
  penaltyPublishedV1,
  subjectRegisteredV1,
  type CommitmentFulfilmentRecordedV1,
  type CommitmentSignedV2,
  type EventEnvelope,
  type PenaltyPublishedV1,
  type SubjectRegisteredV1,
} from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { rememberSubject } from '../common/known-subjects.repository';
import { NominationsService } from './nominations.service';

/** The subjects, penalties and commitments the nomination rules draw on, taken from the subject topic in the inbox transaction. */
@Controller()
export class NominationsReaction {
  constructor(private readonly nominations: NominationsService) {}

  /** A registered subject can be nominated (POST /nominations names a known subject). */
  @EventPattern(subjectRegisteredV1.type)
  async onSubjectRegistered(@Payload() event: EventEnvelope<SubjectRegisteredV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await rememberSubject(ctx.manager, event.subjectKey as string, event.data.maskedCode);
  }

  @EventPattern(penaltyPublishedV1.type)
  async onPenaltyPublished(@Payload() event: EventEnvelope<PenaltyPublishedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.nominations.onPenaltyPublished(ctx.manager, event.subjectKey as string, event.data);
  }

  @EventPattern(commitmentSignedV1.type)
  async onCommitmentSigned(@Payload() event: EventEnvelope<CommitmentSignedV2>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.nominations.onCommitmentSigned(ctx.manager, event.subjectKey as string, event.data);
  }

  @EventPattern(commitmentFulfilmentRecordedV1.type)
  async onCommitmentFulfilment(@Payload() event: EventEnvelope<CommitmentFulfilmentRecordedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.nominations.onCommitmentFulfilment(ctx.manager, event.subjectKey as string, event.data);
  }
}
