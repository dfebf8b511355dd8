import { Public } from '@credit/platform';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { conditionalGet, etagOf, lastModifiedOf, type CacheableRequest, type CacheableResponse } from '../common/conditional-get';
import { PublicService } from '../public/public.service';
import { CommitmentListQueryDto, CommitmentStatisticsQueryDto } from './public-commitments.dto';
import { PublicCommitmentsService } from './public-commitments.service';

/** 信用承诺公示: the public commitments the credit website shows and their fulfilment, without a token. */
@ApiTags('public')
@Controller('public/commitments')
export class PublicCommitmentsController {
  constructor(
    private readonly commitments: PublicCommitmentsService,
    private readonly portal: PublicService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Public commitments still binding, with the accepting unit’s finding (fulfilment), latest signature first, paged; by accepting unit, type and finding' })
  async list(@Query() query: CommitmentListQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    const body = await this.commitments.list(query);
    return conditionalGet(req, res, etagOf(body), lastModifiedOf(await this.portal.latestRecordOf())) ? '' : body;
  }

  @Get('statistics')
  @Public()
  @ApiOperation({ summary: 'Per accepting unit: public commitments shown, fulfilled, breached, false, pending, and the fulfilment rate' })
  async statistics(@Query() query: CommitmentStatisticsQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    const body = await this.commitments.statistics(query);
    return conditionalGet(req, res, etagOf(body), lastModifiedOf(await this.portal.latestRecordOf())) ? '' : body;
  }
}
