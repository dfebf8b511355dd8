import { PageQueryDto, Public } from '@credit/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubjectPageQueryDto, SubjectSearchQueryDto } from './public.dto';
import { PublicService } from './public.service';

/** The credit website's read API: no token, only what is in publicity, natural persons masked. */
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
  @ApiOperation({ summary: 'What the credit website shows for a subject (USCC or ID number), now or as of a timestamp' })
  subject(@Param('code') code: string, @Query() query: SubjectPageQueryDto) {
    return this.portal.subjectPage(code, query.asOf);
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
