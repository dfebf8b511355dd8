import { CurrentPrincipal, PageQueryDto, Public, type Principal } from '@credit/platform';
import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubjectPageQueryDto, SubjectSearchQueryDto } from './public.dto';
import { PublicService } from './public.service';
import { AsOfReadGuard } from './restricted-read.guard';

/**
 * The credit website's read API: no token, only what is in publicity now, natural persons masked.
 * A view as of a past instant is the one exception: a token with role reader, ops or admin, and
 * the read recorded.
 */
@ApiTags('public')
@Controller('public')
export class PublicController {
  constructor(private readonly portal: PublicService) {}

  @Get('subjects')
  @Public()
  @ApiOperation({ summary: 'Subjects by part of their name or the start of their USCC (a person also by whole ID number), paged' })
  search(@Query() query: SubjectSearchQueryDto) {
    return this.portal.search(query);
  }

  @Get('subjects/:code')
  @Public()
  @UseGuards(AsOfReadGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'What the credit website shows for a subject (USCC or ID number) now, without a token; as of a timestamp (asOf) only with a token ' +
      'with role reader, ops or admin (401 without one, 403 with another role), and every such read is recorded',
  })
  subject(@Param('code') code: string, @Query() query: SubjectPageQueryDto, @CurrentPrincipal() reader: Principal | undefined) {
    return this.portal.subjectPage(code, query.asOf, reader);
  }

  @Get('black-list')
  @Public()
  @ApiOperation({ summary: 'Black-list entries in force (严重失信主体名单), newest decision first, paged' })
  blackList(@Query() query: PageQueryDto) {
    return this.portal.listEntries('BLACK', query);
  }

  @Get('red-list')
  @Public()
  @ApiOperation({ summary: 'Red-list entries in force (守信激励名单), newest decision first, paged' })
  redList(@Query() query: PageQueryDto) {
    return this.portal.listEntries('RED', query);
  }
}
