import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CloseCommitmentDto, CommitmentListQueryDto, CommitmentStatisticsQueryDto, RecordFulfilmentDto, SignCommitmentDto } from './commitment.dto';
import { CommitmentsService } from './commitments.service';

@ApiTags('commitments')
@ApiBearerAuth()
@Controller('commitments')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Record a credit commitment (信用承诺) signed before the calling accepting unit' })
  sign(@Body() dto: SignCommitmentDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.commitments.sign(dto, { principal, correlationId });
  }

  @Post(':id/fulfilment')
  @HttpCode(200)
  @Roles('submitter', 'reviewer', 'admin')
  @ApiOperation({ summary: 'Record once whether the commitment was kept, breached (违诺) or false (虚假承诺)' })
  recordFulfilment(
    @Param('id') id: string,
    @Body() dto: RecordFulfilmentDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.commitments.recordFulfilment(id, dto, { principal, correlationId });
  }

  @Post(':id/closure')
  @HttpCode(200)
  @Roles('submitter', 'reviewer', 'admin')
  @ApiOperation({ summary: 'End a commitment in force without a finding: EXPIRED (its term ran out) or WITHDRAWN; once, by the accepting unit' })
  close(@Param('id') id: string, @Body() dto: CloseCommitmentDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.commitments.close(id, dto, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({
    summary:
      "A subject's commitments, newest first (natural persons shown masked); with acceptingUnit, that unit's work queue " +
      '(its own only; ?status=, ?overdue=true: verification past due), the verification due first',
  })
  list(@Query() query: CommitmentListQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.commitments.list(query, principal);
  }

  // Declared before ':id', which would otherwise take "statistics" for an id.
  @Get('statistics')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: "A department's commitments signed from..to per listed matter: signed, verified on time, breached, and their rates" })
  statistics(@Query() query: CommitmentStatisticsQueryDto) {
    return this.commitments.statistics(query);
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A commitment and its fulfilment' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.commitments.get(id, principal);
  }
}
