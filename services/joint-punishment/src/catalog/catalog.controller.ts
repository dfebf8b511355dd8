import { CorrelationId, CurrentPrincipal, Public, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StatusSetter } from '../common/status-setter';
import { CatalogQueryDto, DefineLinkageUnitDto, DefineListCategoryDto } from './catalog.dto';
import { CatalogService, type Defined } from './catalog.service';

/** 201 for a new version, 200 when the content is the current version's (nothing new defined). */
function answer<T>(res: StatusSetter, defined: Defined<T>): T {
  res.status(defined.created ? 201 : 200);
  return defined.view;
}

@ApiTags('list-categories')
@ApiBearerAuth()
@Controller('list-categories')
export class ListCategoriesController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Define a list category (名单类别) or its next version: 201 new version, 200 unchanged; legal basis required' })
  async define(
    @Body() dto: DefineListCategoryDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: StatusSetter,
  ) {
    return answer(res, await this.catalog.defineCategory(dto, { principal, correlationId }));
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'The list categories as they stand now, or as of `asOf`, paged' })
  list(@Query() query: CatalogQueryDto) {
    return this.catalog.categories(query);
  }

  @Get(':code')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A list category: its current version and every version' })
  get(@Param('code') code: string) {
    return this.catalog.category(code);
  }
}

@ApiTags('linkage-units')
@ApiBearerAuth()
@Controller('linkage-units')
export class LinkageUnitsController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Define a linkage unit (联动单位) or its next version: 201 new version, 200 unchanged' })
  async define(
    @Body() dto: DefineLinkageUnitDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: StatusSetter,
  ) {
    return answer(res, await this.catalog.defineUnit(dto, { principal, correlationId }));
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'The linkage units as they stand now, or as of `asOf`, paged' })
  list(@Query() query: CatalogQueryDto) {
    return this.catalog.units(query);
  }

  @Get(':code')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A linkage unit: its current version and every version' })
  get(@Param('code') code: string) {
    return this.catalog.unit(code);
  }
}

/** The catalogs are public (domain.md §5): the credit website reads them without a token. */
@ApiTags('public catalog')
@Public()
@Controller('public/catalog')
export class PublicCatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('list-categories')
  @ApiOperation({ summary: 'Public: the list categories now or as of `asOf`' })
  categories(@Query() query: CatalogQueryDto) {
    return this.catalog.categories(query);
  }

  @Get('list-categories/:code')
  @ApiOperation({ summary: 'Public: a list category with every version' })
  category(@Param('code') code: string) {
    return this.catalog.category(code);
  }

  @Get('linkage-units')
  @ApiOperation({ summary: 'Public: the linkage units now or as of `asOf`' })
  units(@Query() query: CatalogQueryDto) {
    return this.catalog.units(query);
  }

  @Get('linkage-units/:code')
  @ApiOperation({ summary: 'Public: a linkage unit with every version' })
  unit(@Param('code') code: string) {
    return this.catalog.unit(code);
  }

  @Get('measures')
  @ApiOperation({ summary: 'Public: the measure catalog now or as of `asOf`, each measure with its legal basis' })
  measures(@Query() query: CatalogQueryDto) {
    return this.catalog.publicMeasures(query);
  }
}
