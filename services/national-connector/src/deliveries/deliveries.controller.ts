import { Roles } from '@credit/platform';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeliveryQueryDto } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles('ops', 'admin')
  @ApiOperation({ summary: 'The delivery ledger, by status (FAILED: refused upstream, waiting for operations), paged' })
  list(@Query() query: DeliveryQueryDto) {
    return this.deliveries.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Put a FAILED delivery back in the queue (409 when it is not FAILED)' })
  retry(@Param('id') id: string) {
    return this.deliveries.retry(id);
  }
}
