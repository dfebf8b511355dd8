import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { CREDIT_CHECK_SCENARIOS } from '@credit/contracts';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CreditCheckBatchDto, CreditCheckUseDto } from './credit-check.dto';
import { CreditCheckService } from './credit-check.service';
import { scenarioOf } from './scenario-query';

/**
 * The request of a single check as the platform leaves it: the path parameter, the query, the
 * principal the guard verified and the correlation id the first middleware attached.
 */
interface CheckHttpRequest {
  params: { subjectCode: string };
  query?: Record<string, unknown>;
  principal: Principal;
  correlationId: string;
}

@ApiTags('credit-check')
@ApiBearerAuth()
@Controller()
export class CreditCheckController {
  constructor(private readonly checks: CreditCheckService) {}

  @Get('credit-check/:subjectCode')
  @Roles('reader')
  @ApiOperation({ summary: 'Credit check for a workflow: lists in force, punishments and incentives that apply in the scenario; recorded' })
  @ApiParam({ name: 'subjectCode', required: true, description: 'The USCC, or the ID number of a natural person.' })
  @ApiQuery({ name: 'scenario', required: true, enum: CREDIT_CHECK_SCENARIOS, description: 'The workflow the check is made for (逢办必查).' })
  // The answer comes as the JSON text that was recorded.
  @Header('Content-Type', 'application/json; charset=utf-8')
  // The platform's most frequent call takes the request as its one argument: no parameter pipes run
  // (the subject code and the scenario are checked by the service and scenarioOf, with the same
  // 400 problems), one resolved argument instead of four per request.
  check(@Req() req: CheckHttpRequest) {
    return this.checks.check(req.params.subjectCode, scenarioOf(req.query), { principal: req.principal, correlationId: req.correlationId });
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
