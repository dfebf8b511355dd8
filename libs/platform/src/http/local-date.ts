import { ApiProperty } from '@nestjs/swagger';
import { CreditDate } from './text';

/**
 * The earlier name of {@link CreditDate}: a request field holding a date `YYYY-MM-DD` (Asia/Shanghai)
 * that exists. It once checked the shape only; a date the edge accepted but the contracts refuse
 * (`2026-02-30`) would have been published and then dead-lettered by every consumer.
 */
export const IsLocalDate = CreditDate;

/** A query's period `?from=&to=`, both days included (YYYY-MM-DD, Asia/Shanghai): figures and statistics routes. */
export class DateRangeQueryDto {
  @ApiProperty({ example: '2026-01-01' })
  @CreditDate()
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  @CreditDate()
  to: string;
}
