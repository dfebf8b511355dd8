import { CorrelationId, CurrentPrincipal, DEPARTMENT_ROLES, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { RecordSupportingDto, SupportingListQueryDto } from './supporting-record.dto';
import { SupportingRecordsService } from './supporting-records.service';

export const MAX_BATCH_ITEMS = 1000;

export class SupportingBatchDto {
  @ApiProperty({ type: 'array', items: { type: 'object' }, minItems: 1, maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  items: unknown[];
}

@ApiTags('supporting-records')
@ApiBearerAuth()
@Controller('supporting-records')
export class SupportingRecordsController {
  constructor(private readonly records: SupportingRecordsService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: '信易贷 supporting information (tax, utilities, social insurance, housing fund, business anomalies, honours) from its source unit; not public' })
  record(@Body() dto: RecordSupportingDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.records.record(dto, { principal, correlationId });
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Up to 1000 supporting records: each CREATED, DUPLICATE or INVALID (with its errors), alone' })
  batch(@Body() dto: SupportingBatchDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.records.batch(dto.items, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: "A subject's supporting records: the caller's own unit's; every unit's for ops and admin (recorded)" })
  list(@Query() query: SupportingListQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.records.list(query, principal);
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A supporting record: its source unit, ops and admin (recorded)' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.records.get(id, principal);
  }
}
