import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CorrectRecordDto } from './correction.dto';
import { CorrectionsService } from './corrections.service';

@ApiTags('corrections')
@ApiBearerAuth()
@Controller()
export class CorrectionsController {
  constructor(private readonly corrections: CorrectionsService) {}

  @Post('penalties/:id/corrections')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({
    summary:
      'Correct fields of a penalty record (source unit only, no review): audited in its history, publicity window recomputed, re-published',
  })
  correctPenalty(@Param('id') id: string, @Body() dto: CorrectRecordDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.corrections.correctPenalty(id, dto, { principal, correlationId });
  }

  @Post('licenses/:id/corrections')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Correct fields of a licence record (source unit only, no review): audited in its history, re-published' })
  correctLicense(@Param('id') id: string, @Body() dto: CorrectRecordDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.corrections.correctLicense(id, dto, { principal, correlationId });
  }
}
