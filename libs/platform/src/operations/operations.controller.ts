import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CreditText } from '../http/text';
import { CorrelationId } from '../logging/request-context';
import { DeadLetterOps } from './dead-letter-ops';
import { ProjectionRebuilds, StartRebuildDto } from './rebuild/projection-rebuilds';
import { Republisher, RepublishDto } from './republish';

export class DiscardDeadLetterDto {
  @ApiProperty({ description: 'Why the record is discarded (kept with the dead letter and in the audit event).' })
  @CreditText({ max: 2000, multiline: true })
  note: string;
}

/** Operations on this service's dead letters (role ops): each is audited as an event. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterOps) {}

  @Post(':id/redrive')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Feed a dead-lettered record to the handlers again, after a fix (applied at most once)' })
  redrive(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.deadLetters.redrive(id, principal, correlationId);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Discard a dead-lettered record, saying why' })
  discard(@Param('id') id: string, @Body() dto: DiscardDeadLetterDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.deadLetters.discard(id, dto.note, principal, correlationId);
  }
}

/** Re-publishing stored events to Kafka (role ops), audited as an event. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('ops/republish')
export class RepublishController {
  constructor(private readonly republisher: Republisher) {}

  @Post()
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: "Re-publish a range of this service's stored events (same event ids: consumers drop what they applied)" })
  republish(@Body() dto: RepublishDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.republisher.republish(dto, principal, correlationId);
  }
}

/** Blue/green rebuilds of this service's read models from its stored events (role ops), each step audited as an event. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('ops')
export class RebuildsController {
  constructor(private readonly rebuilds: ProjectionRebuilds) {}

  @Get('projections')
  @Roles('ops')
  @ApiOperation({ summary: 'The projections this service can rebuild from its stored events, with their tables' })
  projections() {
    return this.rebuilds.list();
  }

  @Post('rebuilds')
  @HttpCode(202)
  @Roles('ops')
  @ApiOperation({ summary: 'Start rebuilding a projection into new tables, switching to them when caught up (409 if one is running)' })
  start(@Body() dto: StartRebuildDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.rebuilds.start(dto, principal, correlationId);
  }

  @Get('rebuilds/:id')
  @Roles('ops')
  @ApiOperation({ summary: "A rebuild's phase, progress and checksums" })
  get(@Param('id') id: string) {
    return this.rebuilds.get(id);
  }

  @Post('rebuilds/:id/resume')
  @HttpCode(202)
  @Roles('ops')
  @ApiOperation({ summary: 'Resume an interrupted or failed rebuild from the position it reached' })
  resume(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.rebuilds.resume(id, principal, correlationId);
  }

  @Post('rebuilds/:id/cancel')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Interrupt a running rebuild (it keeps its tables and position: resume it later)' })
  cancel(@Param('id') id: string) {
    return this.rebuilds.cancel(id);
  }

  @Post('rebuilds/:id/drop-retired')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Drop the old tables a switched rebuild kept' })
  dropRetired(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.rebuilds.dropRetired(id, principal, correlationId);
  }
}
