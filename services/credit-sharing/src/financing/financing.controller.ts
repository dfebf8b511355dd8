import { CorrelationId, CurrentPrincipal, DEPARTMENT_ROLES, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinancingQueryDto, FinancingStatisticsQueryDto, ReportOutcomeDto } from './financing.dto';
import { FinancingService } from './financing.service';

@ApiTags('financing')
@ApiBearerAuth()
@Controller('financing')
export class FinancingController {
  constructor(private readonly financing: FinancingService) {}

  // Declared before 'subjects/:code' only for readability: the paths do not overlap.
  @Get('statistics')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: '信易贷 figures from..to: loans granted and refused, amounts (credit, secured), subjects financed and queried' })
  statistics(@Query() query: FinancingStatisticsQueryDto) {
    return this.financing.statistics(query);
  }

  @Get('subjects/:code')
  @Roles('institution')
  @ApiOperation({
    summary:
      "A subject's registration, public records, grade, list status and the supporting information the subject authorized the calling institution to see; 403 without an authorization in force; every read recorded",
  })
  subject(@Param('code') code: string, @Query() query: FinancingQueryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.financing.subject(code, query, { principal, correlationId });
  }

  @Post('outcomes')
  @Roles('institution')
  @ApiOperation({ summary: 'The loan the institution decided on a subject it read under the authorization: granted or refused, amount, credit or secured' })
  reportOutcome(@Body() dto: ReportOutcomeDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.financing.reportOutcome(dto, { principal, correlationId });
  }
}
