import { CurrentPrincipal, PageQueryDto, Public, type Principal } from '@credit/platform';
import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { conditionalGet, etagOf, lastModifiedOf, type CacheableRequest, type CacheableResponse } from '../common/conditional-get';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicationQueryDto, SubjectPageQueryDto, SubjectSearchQueryDto } from './public.dto';
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
  async subject(
    @Param('code') code: string,
    @Query() query: SubjectPageQueryDto,
    @CurrentPrincipal() reader: Principal | undefined,
    @Req() req: CacheableRequest,
    @Res({ passthrough: true }) res: CacheableResponse,
  ) {
    const page = await this.portal.subjectPage(code, query.asOf, reader);
    // A view of the past is a recorded, restricted read: never cached.
    if (query.asOf !== undefined) {
      res.setHeader('Cache-Control', 'no-store');
      return page;
    }
    return this.cacheable(req, res, page, await this.portal.latestRecordOf(code));
  }

  @Get('black-list')
  @Public()
  @ApiOperation({ summary: 'Black-list entries in force (严重失信主体名单), newest decision first, paged' })
  async blackList(@Query() query: PageQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    return this.cacheable(req, res, await this.portal.listEntries('BLACK', query), await this.portal.latestRecordOf());
  }

  @Get('red-list')
  @Public()
  @ApiOperation({ summary: 'Red-list entries in force (守信激励名单), newest decision first, paged' })
  async redList(@Query() query: PageQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    return this.cacheable(req, res, await this.portal.listEntries('RED', query), await this.portal.latestRecordOf());
  }

  @Get('penalties')
  @Public()
  @ApiOperation({ summary: 'Penalties in publicity (行政处罚, 双公示), newest decision first, paged; by decision date (from, to) and department (authority or source unit USCC)' })
  async penalties(@Query() query: PublicationQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    return this.cacheable(req, res, await this.portal.publications('penalties', query), await this.portal.latestRecordOf());
  }

  @Get('licenses')
  @Public()
  @ApiOperation({ summary: 'Licences (行政许可, 双公示), newest decision first, paged; by decision date (from, to) and department (authority or source unit USCC)' })
  async licenses(@Query() query: PublicationQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    return this.cacheable(req, res, await this.portal.publications('licenses', query), await this.portal.latestRecordOf());
  }

  /** ETag and Last-Modified on a public answer; an empty body when the client's copy is current (Express answers 304). */
  private cacheable<T>(req: CacheableRequest, res: CacheableResponse, body: T, latestRecord: Date | null): T | '' {
    return conditionalGet(req, res, etagOf(body), lastModifiedOf(latestRecord)) ? '' : body;
  }
}
