import { CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StartReconciliationDto } from './reconciliation.dto';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation/runs')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post()
  @Roles('ops')
  @ApiOperation({
    summary:
      'Compare the deliveries of a period with what the national platforms hold: missing (delivered here, not held there) and FAILED; with redeliver, both are delivered again with the same Idempotency-Key',
  })
  start(@Body() dto: StartReconciliationDto, @CurrentPrincipal() principal: Principal) {
    return this.reconciliation.start(dto, principal);
  }

  @Get(':id')
  @Roles('ops', 'admin')
  @ApiOperation({ summary: 'A reconciliation run and its findings' })
  get(@Param('id') id: string) {
    return this.reconciliation.get(id);
  }
}
