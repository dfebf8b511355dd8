import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NominationQueryDto, ReviewNominationDto, SubmitNominationDto } from './nomination-review.dto';
import { NominationReviewService } from './nomination-review.service';

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
    summary:
      'Approve (the entry goes in force, measures applied, subject notified) or reject a nomination; 403 for the submitting department ' +
      '(compared by the token\'s sub, whatever its display name), 409 already reviewed',
  })
  review(@Param('id') id: string, @Body() dto: ReviewNominationDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.nominations.review(id, dto, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'Nominations, by status, paged: the caller\'s own unit\'s; reviewers, ops and admin read all (another unit\'s read is recorded)' })
  list(@Query() query: NominationQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.nominations.list(query, principal);
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A nomination with its review and the entry it put in force (404 for another unit\'s, unless reviewer, ops or admin: then the read is recorded)' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.nominations.getFor(id, principal);
  }
}
