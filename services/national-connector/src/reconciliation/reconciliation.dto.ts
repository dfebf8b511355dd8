import { DELIVERY_TARGETS, type DeliveryTarget } from '@credit/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional } from 'class-validator';

/** `POST /reconciliation/runs`: the period (by ledger row creation), one target or all, and whether to deliver again. */
export class StartReconciliationDto {
  @ApiProperty({ description: 'Start of the period (inclusive): an ISO 8601 date or timestamp', example: '2026-12-07T00:00:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or timestamp' })
  from: string;

  @ApiProperty({ description: 'End of the period (exclusive), after `from`', example: '2026-12-08T00:00:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or timestamp' })
  to: string;

  @ApiPropertyOptional({ enum: DELIVERY_TARGETS, description: 'Only this national target (default: all)' })
  @IsOptional()
  @IsIn(DELIVERY_TARGETS)
  target?: DeliveryTarget;

  @ApiPropertyOptional({ description: 'Put what is missing upstream or FAILED back in the queue, delivered again with the same Idempotency-Key (default false)' })
  @IsOptional()
  @IsBoolean()
  redeliver?: boolean;
}
