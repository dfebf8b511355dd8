import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DefineMeasureDto, MeasureCatalogQueryDto } from './measures.dto';
import { MeasuresService } from './measures.service';

const ANY_ROLE = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;

@ApiTags('measures')
@ApiBearerAuth()
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a measure to the catalog (legal basis required; linkage units checked against GB 32100)' })
  define(@Body() dto: DefineMeasureDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.measures.define(dto, { principal, correlationId });
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The measure catalog, paged' })
  list(@Query() query: MeasureCatalogQueryDto) {
    return this.measures.list(query);
  }
}
