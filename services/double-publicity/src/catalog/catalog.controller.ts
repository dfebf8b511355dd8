import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogQueryDto, DefineCatalogMatterDto } from './catalog.dto';
import { CatalogService } from './catalog.service';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: "Define a matter of the department's catalog (事项目录), or its next version; never-record matters → 422" })
  define(@Body() dto: DefineCatalogMatterDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.catalog.define(dto, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'The catalog, current version of each matter with its history, paged' })
  list(@Query() query: CatalogQueryDto) {
    return this.catalog.list(query);
  }
}
