import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StatusSetter } from '../common/status-setter';
import { DefineMeasureDto, MeasureCatalogQueryDto } from './measures.dto';
import { MeasuresService } from './measures.service';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Add a measure to the catalog, or its next version when the code exists with other content: 201 new version, 200 unchanged ' +
      '(legal basis required; linkage units checked against GB 32100 and the catalog; entries already listed keep their version)',
  })
  async define(
    @Body() dto: DefineMeasureDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: StatusSetter,
  ) {
    const defined = await this.measures.define(dto, { principal, correlationId });
    res.status(defined.created ? 201 : 200);
    return defined.view;
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'The measure catalog, each measure in its current version, paged' })
  list(@Query() query: MeasureCatalogQueryDto) {
    return this.measures.list(query);
  }

  @Get(':code')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A measure: its current version and every version' })
  get(@Param('code') code: string) {
    return this.measures.get(code);
  }
}
