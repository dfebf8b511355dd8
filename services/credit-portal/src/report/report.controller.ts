import { Public } from '@credit/platform';
import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { conditionalGet, lastModifiedOf, type CacheableRequest, type CacheableResponse } from '../common/conditional-get';
import { ReportQueryDto, ReportVerifyQueryDto } from './report.dto';
import { renderReportPdf } from './report-pdf';
import { ReportService } from './report.service';

type Request = CacheableRequest & { accepts(types: string[]): string | false };

/** The credit report (公共信用信息报告) of a subject and its verification: public, no token. */
@ApiTags('public')
@Controller('public')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('subjects/:code/report')
  @Public()
  @ApiProduces('application/json', 'application/pdf')
  @ApiOperation({
    summary:
      "A subject's credit report: JSON, or a PDF with Accept: application/pdf. Sections by purpose (GENERAL, HONOURS, " +
      'GOVERNMENT_PROCUREMENT, TENDERING); repaired, revoked and expired records absent, natural persons masked. Each report ' +
      'issued has a number and is kept for verification; ETag is the content hash (304 on If-None-Match / If-Modified-Since, ' +
      'no report issued then).',
  })
  async report(@Param('code') code: string, @Query() query: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: CacheableResponse) {
    const composed = await this.reports.compose(code, query.purpose ?? 'GENERAL');
    const pdf = req.accepts(['application/json', 'application/pdf']) === 'application/pdf';
    res.setHeader('Vary', 'Accept');
    // The cached copy is current: nothing new is issued, Express answers 304 without a body.
    if (conditionalGet(req, res, pdf ? `${composed.contentHash}.pdf` : composed.contentHash, lastModifiedOf(composed.latestRecord))) return '';
    const report = await this.reports.issue(composed, pdf ? 'PDF' : 'JSON');
    if (!pdf) return report;
    return new StreamableFile(await renderReportPdf(report), {
      type: 'application/pdf',
      disposition: `inline; filename="${report.number}.pdf"`,
    });
  }

  @Get('reports/:number/verify')
  @Public()
  @ApiOperation({
    summary:
      'What the platform recorded of an issued report (number, subject as shown, purpose, content hash, verification code, ' +
      'issue instant); with ?hash= (content hash or verification code) `valid` says whether it matches. 404 for an unknown number.',
  })
  verify(@Param('number') number: string, @Query() query: ReportVerifyQueryDto) {
    return this.reports.verify(number, query.hash);
  }
}
