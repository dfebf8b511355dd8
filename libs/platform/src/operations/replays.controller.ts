import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CorrelationId } from '../logging/request-context';
import { EventReplays, StartReplayDto } from './replays';

/** Replays of a range of the topics this service consumes, through its handlers (role ops), audited as an event. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('ops/replays')
export class ReplaysController {
  constructor(private readonly replays: EventReplays) {}

  @Post()
  @HttpCode(202)
  @Roles('ops')
  @ApiOperation({
    summary:
      "Replay a range of this service's topics through its handlers, in a fresh consumer group and through the same inbox (applied at most once); `dryRun` reports what would change and commits nothing",
  })
  start(@Body() dto: StartReplayDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.replays.start(dto, principal, correlationId);
  }

  @Get(':id')
  @Roles('ops')
  @ApiOperation({ summary: 'Progress of a replay: status, records replayed, outcomes, event types, rows per table, next offset per partition' })
  get(@Param('id') id: string) {
    return this.replays.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Stop a running replay after the record in hand; a new replay from the next offsets it reports resumes it' })
  cancel(@Param('id') id: string) {
    return this.replays.cancel(id);
  }
}
