import { CorrelationId, CurrentPrincipal, DEPARTMENT_ROLES, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DrawInspectionPlanDto, RecordInspectionResultsDto } from './inspection-plan.dto';
import { InspectionPlansService } from './inspection-plans.service';

@ApiTags('inspection-plans')
@ApiBearerAuth()
@Controller('inspection-plans')
export class InspectionPlansController {
  constructor(private readonly plans: InspectionPlansService) {}

  @Post()
  @Roles('submitter')
  @ApiOperation({ summary: "Draw a 双随机 inspection plan in the department's own name: subjects by grade ratio, two inspectors each; reproducible with seed" })
  draw(@Body() dto: DrawInspectionPlanDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.plans.draw(dto, { principal, correlationId });
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A plan with its draw and the results reported so far (its department, ops and admin)' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.plans.get(id, { principal, correlationId });
  }

  @Post(':id/results')
  @HttpCode(200)
  @Roles('submitter')
  @ApiOperation({ summary: "Report inspection results of drawn subjects (the plan's department); each becomes a factor of the subject's grade. 409 already reported, 422 not drawn" })
  results(@Param('id') id: string, @Body() dto: RecordInspectionResultsDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.plans.recordResults(id, dto, { principal, correlationId });
  }
}
