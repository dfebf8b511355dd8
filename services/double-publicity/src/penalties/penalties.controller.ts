import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordPenaltyDto, RevokePenaltyDto } from './penalty.dto';
import { PenaltiesService } from './penalties.service';

@ApiTags('penalties')
@ApiBearerAuth()
@Controller('penalties')
export class PenaltiesController {
  constructor(private readonly penalties: PenaltiesService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Record a penalty decision (行政处罚) of the caller\'s own unit; its publicity window follows the rules in force on the decision date' })
  record(@Body() dto: RecordPenaltyDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.penalties.record(dto, { principal, correlationId });
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A penalty record with its publicity window and its history' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.penalties.read(id, principal);
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'The decision was revoked by review or court: publicity withdrawn (source unit only)' })
  revoke(
    @Param('id') id: string,
    @Body() dto: RevokePenaltyDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.penalties.revoke(id, dto, { principal, correlationId });
  }
}
