import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateListEntryDto, ExitListEntryDto, ListEntryQueryDto } from './list-entries.dto';
import { ListEntriesService } from './list-entries.service';

@ApiTags('list-entries')
@ApiBearerAuth()
@Controller('list-entries')
export class ListEntriesController {
  constructor(private readonly entries: ListEntriesService) {}

  @Post()
  @Roles('reviewer', 'admin')
  @ApiOperation({
    summary:
      'Put a subject on the black or red list in the caller\'s own name (initiatingUnit.code = the token\'s sub; 403 otherwise, admin for any unit); ' +
      'every catalog measure it brings is applied per linkage unit. 422 when a basis record is unknown here (yet), of another subject or withdrawn',
  })
  create(@Body() dto: CreateListEntryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.entries.create(dto, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'List entries the caller\'s unit initiated or applies a measure of (ops and admin: all, each read of another unit\'s recorded), by subject and status, paged' })
  list(@Query() query: ListEntryQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.entries.list(query, principal);
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A list entry with its measure applications (404 when the caller\'s unit is neither its initiating unit nor a linkage unit of it; ops and admin: any, recorded)' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.entries.getFor(id, principal);
  }

  @Post(':id/exit')
  @HttpCode(200)
  @Roles('reviewer', 'admin')
  @ApiOperation({ summary: 'Take the entry off the list by decision of its initiating unit (403 for another unit; admin for any); each applied measure is lifted (409 when it already exited)' })
  exit(@Param('id') id: string, @Body() dto: ExitListEntryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.entries.exit(id, dto, { principal, correlationId });
  }
}
