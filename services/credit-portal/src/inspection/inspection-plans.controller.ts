import { Public } from '@credit/platform';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { conditionalGet, etagOf, lastModifiedOf, type CacheableRequest, type CacheableResponse } from '../common/conditional-get';
import { InspectionPlanQueryDto } from './inspection-plans.dto';
import { PublicInspectionPlansService } from './inspection-plans.service';

/** 双随机、一公开: the inspection plans the credit website publishes, without a token. */
@ApiTags('public')
@Controller('public/inspection-plans')
export class PublicInspectionPlansController {
  constructor(private readonly plans: PublicInspectionPlansService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published 双随机 inspection plans (from the day after the plan date), latest plan date first, paged; by plan date (from, to) and department' })
  async list(@Query() query: InspectionPlanQueryDto, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    const body = await this.plans.list(query);
    return conditionalGet(req, res, etagOf(body), lastModifiedOf(await this.plans.latestChange())) ? '' : body;
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A published inspection plan: the subjects drawn (natural persons masked), their grade, inspectors and reported results; 404 before it is published' })
  async get(@Param('id') id: string, @Req() req: CacheableRequest, @Res({ passthrough: true }) res: CacheableResponse) {
    const body = await this.plans.get(id);
    return conditionalGet(req, res, etagOf(body), lastModifiedOf(await this.plans.latestChange(id))) ? '' : body;
  }
}
