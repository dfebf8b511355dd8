import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StatusSetter } from '../common/status-setter';
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
    summary:
      'A linkage unit reports how it executed one measure of a list entry (跟踪反馈); LIFTED acknowledges the lift (201, the same again 200 with the first ' +
      'acknowledgement); 403 when unitCode is not the caller\'s (admin: any) or the measure is another linkage unit\'s; 404 unknown entry; ' +
      '422 a measure the entry did not apply, or LIFTED before the lift',
  })
  async report(
    @Body() dto: ReportMeasureExecutionDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: StatusSetter,
  ) {
    const result = await this.executions.report(dto, { principal, correlationId });
    res.status(result.created ? 201 : 200);
    return result.view;
  }
}
