import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdministrativeActionQueryDto, RecordAdministrativeActionDto } from './action.dto';
import { AdministrativeActionsService } from './actions.service';

const ANY_ROLE = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;

@ApiTags('administrative-actions')
@ApiBearerAuth()
@Controller('administrative-actions')
export class AdministrativeActionsController {
  constructor(private readonly actions: AdministrativeActionsService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: "Record another administrative action (行政强制, 行政确认, 行政征收, 行政给付, 行政裁决, 行政补偿, 行政奖励, 行政监督检查) of the caller's own unit" })
  record(@Body() dto: RecordAdministrativeActionDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.actions.record(dto, { principal, correlationId });
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Administrative action records by subject and/or action type, paged' })
  list(@Query() query: AdministrativeActionQueryDto) {
    return this.actions.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'An administrative action record with its history' })
  get(@Param('id') id: string) {
    return this.actions.get(id);
  }
}
