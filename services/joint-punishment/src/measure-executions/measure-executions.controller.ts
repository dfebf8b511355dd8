import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportMeasureExecutionDto } from './measure-executions.dto';
import { MeasureExecutionsService } from './measure-executions.service';

@ApiTags('measure-executions')
@ApiBearerAuth()
@Controller('measure-executions')
export class MeasureExecutionsController {
  constructor(private readonly executions: MeasureExecutionsService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({
    summary: 'A linkage unit reports how it executed one measure of a list entry (跟踪反馈); 404 unknown entry, 422 a measure not applied for the unit or LIFTED before the lift',
  })
  report(@Body() dto: ReportMeasureExecutionDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.executions.report(dto, { principal, correlationId });
  }
}
