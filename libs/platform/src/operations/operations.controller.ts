import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CreditText } from '../http/text';
import { CorrelationId } from '../logging/request-context';
import { DeadLetterOps } from './dead-letter-ops';
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
