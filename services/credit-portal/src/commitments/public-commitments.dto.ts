import { COMMITMENT_TYPES, FULFILMENT_OUTCOMES } from '@credit/contracts';
import { PageQueryDto } from '@credit/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

const UNIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
export const FULFILMENT_FILTERS = [...FULFILMENT_OUTCOMES, 'PENDING'] as const;

/** The public commitment figures: by accepting unit. */
export class CommitmentStatisticsQueryDto {
  @ApiPropertyOptional({ example: '11450100007712342F', description: 'USCC of the accepting unit.' })
  @IsOptional()
  @Matches(UNIT_CODE, { message: 'department must be an 18-character USCC' })
  department?: string;
}

/** The public commitment list (信用承诺公示): by accepting unit, type and finding. */
export class CommitmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '11450100007712342F', description: 'USCC of the accepting unit.' })
  @IsOptional()
  @Matches(UNIT_CODE, { message: 'department must be an 18-character USCC' })
  department?: string;

  @ApiPropertyOptional({ enum: COMMITMENT_TYPES })
  @IsOptional()
  @IsIn([...COMMITMENT_TYPES])
  type?: string;

  @ApiPropertyOptional({ enum: FULFILMENT_FILTERS, description: 'The accepting unit’s finding, or PENDING for none yet.' })
  @IsOptional()
  @IsIn([...FULFILMENT_FILTERS])
  fulfilment?: string;
}
