import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BatchIntakeDto } from '../batch/batch.dto';
import { AdministrativeActionQueryDto, RecordAdministrativeActionDto } from './action.dto';
import { AdministrativeActionsBatchService } from './actions-batch.service';
import { AdministrativeActionsService } from './actions.service';

@ApiTags('administrative-actions')
@ApiBearerAuth()
@Controller('administrative-actions')
export class AdministrativeActionsController {
  constructor(
    private readonly actions: AdministrativeActionsService,
    private readonly batch: AdministrativeActionsBatchService,
  ) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: "Record another administrative action (行政强制, 行政确认, 行政征收, 行政给付, 行政裁决, 行政补偿, 行政奖励, 行政监督检查) of the caller's own unit" })
  record(@Body() dto: RecordAdministrativeActionDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.actions.record(dto, { principal, correlationId });
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Record up to 1000 other administrative actions; per item CREATED, DUPLICATE or INVALID with its field errors' })
  recordBatch(@Body() dto: BatchIntakeDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.batch.record(dto.items, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'Administrative action records by subject and/or action type, paged' })
  list(@Query() query: AdministrativeActionQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.actions.list(query, principal);
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'An administrative action record with its history' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.actions.read(id, principal);
  }
}
