import { MONTH_SHAPE } from '@credit/contracts';
import { CurrentPrincipal, DEPARTMENT_ROLES, PageQueryDto, Roles, type Principal } from '@credit/platform';
import { Controller, Get, Header, Param, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
/** What the report route reads of the request: its content negotiation (Express's req.accepts). */
interface NegotiatingRequest {
  accepts(types: string[]): string | false;
}
import { renderMonitoringReportPdf } from './monitoring-report-pdf';
import { MonitoringService } from './monitoring.service';

const MONTH = new RegExp(MONTH_SHAPE);

export class CollectionQueryDto {
  @ApiProperty({ example: '2026-11' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month: string;
}

export class WarningsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class ReportFormatDto {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get('collection')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'Collection quality of a month per department (报送率, 及时率, 准确率, 入库率), ranked, the city together, and the trend' })
  collection(@Query() query: CollectionQueryDto) {
    return this.monitoring.collection(query.month);
  }

  @Get('warnings')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: "The calling department's warnings feed (ops and admin: every unit's), newest first" })
  warnings(@Query() query: WarningsQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.monitoring.warnings(query, principal);
  }

  @Get('reports/:month')
  @Roles(...DEPARTMENT_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The monthly credit monitoring report (信用监测报告) of an ended month, JSON or ?format=pdf' })
  async report(@Param('month') month: string, @Query() query: ReportFormatDto, @Req() req: NegotiatingRequest) {
    const report = await this.monitoring.report(month);
    const pdf = query.format === 'pdf' || req.accepts(['application/json', 'application/pdf']) === 'application/pdf';
    if (!pdf) return report;
    return new StreamableFile(await renderMonitoringReportPdf(report), { type: 'application/pdf', disposition: `inline; filename="monitoring-report-${report.month}.pdf"` });
  }
}
