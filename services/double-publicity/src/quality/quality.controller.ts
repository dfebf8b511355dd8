import { Roles } from '@credit/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QualityPeriodDto } from './quality.dto';
import { QualityService } from './quality.service';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class QualityController {
  constructor(private readonly quality: QualityService) {}

  @Get('departments/:code')
  @Roles('reader', 'reviewer', 'submitter', 'ops', 'admin')
  @ApiOperation({ summary: "A department's 双公示 quality figures for a period: submitted, compliant, timely, rates, objections" })
  department(@Param('code') code: string, @Query() period: QualityPeriodDto) {
    return this.quality.department(code, period);
  }

  @Get('city')
  @Roles('reader', 'reviewer', 'submitter', 'ops', 'admin')
  @ApiOperation({ summary: 'The same figures for every department of the city together' })
  city(@Query() period: QualityPeriodDto) {
    return this.quality.city(period);
  }
}
