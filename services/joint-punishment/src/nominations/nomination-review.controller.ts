import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NominationQueryDto, ReviewNominationDto, SubmitNominationDto } from './nomination-review.dto';
import { NominationReviewService } from './nomination-review.service';

const ANY_ROLE = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;

@ApiTags('nominations')
@ApiBearerAuth()
@Controller('nominations')
export class NominationReviewController {
  constructor(private readonly nominations: NominationReviewService) {}

  @Post()
  @Roles('submitter')
  @ApiOperation({
    summary: 'Nominate a subject for the black or red list (认定发起); the deciding unit is the caller. 422 unknown subject or category, or a proposal not open',
  })
  submit(@Body() dto: SubmitNominationDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.nominations.submit(dto, { principal, correlationId });
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Approve (the entry goes in force, measures applied, subject notified) or reject a nomination; 403 own nomination, 422 already reviewed',
  })
  review(@Param('id') id: string, @Body() dto: ReviewNominationDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.nominations.review(id, dto, { principal, correlationId });
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Nominations, by status, paged' })
  list(@Query() query: NominationQueryDto) {
    return this.nominations.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'A nomination with its review and the entry it put in force' })
  get(@Param('id') id: string) {
    return this.nominations.get(id);
  }
}
