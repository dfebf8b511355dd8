import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { CREDIT_CHECK_SCENARIOS, type CreditCheckScenario } from '@credit/contracts';
import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CreditCheckBatchDto, CreditCheckUseDto } from './credit-check.dto';
import { CreditCheckService } from './credit-check.service';
import { ScenarioQuery } from './scenario-query';

@ApiTags('credit-check')
@ApiBearerAuth()
@Controller()
export class CreditCheckController {
  constructor(private readonly checks: CreditCheckService) {}

  @Get('credit-check/:subjectCode')
  @Roles('reader')
  @ApiOperation({ summary: 'Credit check for a workflow: lists in force, punishments and incentives that apply in the scenario; recorded' })
  @ApiQuery({ name: 'scenario', required: true, enum: CREDIT_CHECK_SCENARIOS, description: 'The workflow the check is made for (逢办必查).' })
  // The answer comes as the JSON text that was recorded.
  @Header('Content-Type', 'application/json; charset=utf-8')
  check(
    @Param('subjectCode') subjectCode: string,
    @ScenarioQuery() scenario: CreditCheckScenario,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.checks.check(subjectCode, scenario, { principal, correlationId });
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
