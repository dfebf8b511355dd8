import { CreditDate, PageQueryDto } from '@credit/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The public inspection plans (双随机、一公开): by plan date and drawing department. */
export class InspectionPlanQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Plans dated on or after this day (YYYY-MM-DD).' })
  @IsOptional()
  @CreditDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Plans dated on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @CreditDate()
  to?: string;

  @ApiPropertyOptional({ example: '11450100007712342F', description: 'USCC of the department that drew the plan.' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'department must be an 18-character USCC' })
  department?: string;
}
