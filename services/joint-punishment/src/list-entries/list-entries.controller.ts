import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateListEntryDto, ExitListEntryDto, ListEntryQueryDto } from './list-entries.dto';
import { ListEntriesService } from './list-entries.service';

const ANY_ROLE = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;

@ApiTags('list-entries')
@ApiBearerAuth()
@Controller('list-entries')
export class ListEntriesController {
  constructor(private readonly entries: ListEntriesService) {}

  @Post()
  @Roles('reviewer')
  @ApiOperation({ summary: 'Put a subject on the black or red list; every catalog measure it brings is applied per linkage unit' })
  create(@Body() dto: CreateListEntryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.entries.create(dto, { principal, correlationId });
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'List entries, by subject (USCC or ID number) and status, paged' })
  list(@Query() query: ListEntryQueryDto) {
    return this.entries.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'A list entry with its measure applications' })
  get(@Param('id') id: string) {
    return this.entries.get(id);
  }

  @Post(':id/exit')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Take the entry off the list; each applied measure is lifted (422 when it already exited)' })
  exit(@Param('id') id: string, @Body() dto: ExitListEntryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.entries.exit(id, dto, { principal, correlationId });
  }
}
