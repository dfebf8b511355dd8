import { CorrelationId, CurrentPrincipal, ROLES, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplyForRepairDto, RepairDecisionDto } from './repairs.dto';
import { RepairsService } from './repairs.service';

@ApiTags('repair-applications')
@ApiBearerAuth()
@Controller('repair-applications')
export class RepairsController {
  constructor(private readonly repairs: RepairsService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({
    summary:
      'Apply for credit repair of a penalty in publicity or a list entry (422 names the refusing rule and the earliest date; ' +
      '409 when the target is out of publicity or no longer in force, or an application for it is open)',
  })
  apply(@Body() dto: ApplyForRepairDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.repairs.apply(dto, { principal, correlationId });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary:
      'Approve or reject the application (谁认定、谁修复): a reviewer of the unit that decided the penalty or list entry, of the credit office, or one who is also admin; ' +
      'never the applicant (403). An approval starts the repair across services; an application already decided answers 409',
  })
  decide(@Param('id') id: string, @Body() dto: RepairDecisionDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.repairs.decide(id, dto, { principal, correlationId });
  }

  @Get(':id')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'The application with each expected effect, its status and time: for its subject, the unit that decides it, the credit office, ops and administrators (403 otherwise)',
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.repairs.get(id, principal);
  }
}
