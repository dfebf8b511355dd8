import {
  commitmentFulfilmentRecordedV1,
  commitmentSignedV1,
  penaltyPublishedV1,
  subjectRegisteredV1,
  type CommitmentFulfilmentRecordedV1,
  type CommitmentSignedV1,
  type EventEnvelope,
  type PenaltyPublishedV1,
  type SubjectRegisteredV1,
} from '@credit/contracts';
import { InboxContext } from '@credit/messaging';
import { PageQueryDto, Roles } from '@credit/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { rememberSubject } from '../common/known-subjects';
import { NominationsService } from './nominations.service';

@ApiTags('nomination-proposals')
@ApiBearerAuth()
@Controller()
export class NominationsController {
  constructor(private readonly nominations: NominationsService) {}

  @Get('nomination-proposals')
  @Roles('reviewer')
  @ApiOperation({ summary: 'Proposals drawn by the nomination rules from penalties in publicity and false commitments; a reviewer decides, nobody is listed by a proposal' })
  list(@Query() query: PageQueryDto) {
    return this.nominations.list(query);
  }

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
  async onCommitmentSigned(@Payload() event: EventEnvelope<CommitmentSignedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.nominations.onCommitmentSigned(ctx.manager, event.subjectKey as string, event.data);
  }

  @EventPattern(commitmentFulfilmentRecordedV1.type)
  async onCommitmentFulfilment(@Payload() event: EventEnvelope<CommitmentFulfilmentRecordedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.nominations.onCommitmentFulfilment(ctx.manager, event.subjectKey as string, event.data);
  }
}
