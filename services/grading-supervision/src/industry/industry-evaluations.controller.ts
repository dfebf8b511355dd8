import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordIndustryEvaluationDto } from './industry-evaluation.dto';
import { IndustryEvaluationsService } from './industry-evaluations.service';

@ApiTags('industry-evaluations')
@ApiBearerAuth()
@Controller('industry-evaluations')
export class IndustryEvaluationsController {
  constructor(private readonly evaluations: IndustryEvaluationsService) {}

  @Post()
  @Roles('submitter')
  @ApiOperation({ summary: "Record the department's industry credit evaluation (行业信用评价) of a subject, A–D, valid until a day; a factor of the grade while valid" })
  record(@Body() dto: RecordIndustryEvaluationDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.evaluations.record(dto, { principal, correlationId });
  }
}
