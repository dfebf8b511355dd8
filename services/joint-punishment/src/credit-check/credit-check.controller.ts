import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreditCheckBatchDto, CreditCheckQueryDto, CreditCheckUseDto } from './credit-check.dto';
import { CreditCheckService } from './credit-check.service';

@ApiTags('credit-check')
@ApiBearerAuth()
@Controller()
export class CreditCheckController {
  constructor(private readonly checks: CreditCheckService) {}

  @Get('credit-check/:subjectCode')
  @Roles('reader')
  @ApiOperation({ summary: 'Credit check for a workflow: lists in force, punishments and incentives that apply in the scenario; recorded' })
  check(
    @Param('subjectCode') subjectCode: string,
    @Query() query: CreditCheckQueryDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.checks.check(subjectCode, query.scenario, { principal, correlationId });
  }

  @Post('credit-check/batch')
  @HttpCode(200)
  @Roles('reader')
  @ApiOperation({ summary: 'Credit checks of up to 500 subjects for one scenario; each recorded' })
  async checkBatch(@Body() dto: CreditCheckBatchDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return { checks: await this.checks.checkBatch(dto.subjectCodes, dto.scenario, { principal, correlationId }) };
  }

  @Post('credit-checks/:checkId/use')
  @Roles('reader')
  @ApiOperation({ summary: 'Record what the checking department did with the answer' })
  recordUse(
    @Param('checkId') checkId: string,
    @Body() dto: CreditCheckUseDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.checks.recordUse(checkId, dto.decision, dto.note, { principal, correlationId });
  }
}
