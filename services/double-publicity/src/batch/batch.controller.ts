import { CorrelationId, CurrentPrincipal, Roles, type Principal } from '@credit/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { batchItems, BatchIntakeDto } from './batch.dto';
import { BatchService } from './batch.service';

@ApiTags('batch intake')
@ApiBearerAuth()
@Controller()
export class BatchController {
  constructor(private readonly batch: BatchService) {}

  @Post('penalties/batch')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Record up to 1000 penalty decisions; per item CREATED, DUPLICATE or INVALID with its field errors' })
  @ApiBody({ type: BatchIntakeDto })
  async penalties(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.batch.recordPenalties(await batchItems(body), { principal, correlationId });
  }

  @Post('licenses/batch')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Record up to 1000 licensing decisions; per item CREATED, DUPLICATE or INVALID with its field errors' })
  @ApiBody({ type: BatchIntakeDto })
  async licenses(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.batch.recordLicenses(await batchItems(body), { principal, correlationId });
  }
}
