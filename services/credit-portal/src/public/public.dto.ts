import { CreditCode, CreditDate, CreditName, PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';


export class SubjectSearchQueryDto extends PageQueryDto {
  @ApiProperty({
    example: '南宁市示例',
    description: 'Part of a name, the start of a USCC, or a whole citizen ID number (never echoed back).',
  })
  @Trimmed()
  // A whole citizen ID number is a valid search; the service never echoes it.
  @CreditName({ max: 100, clearIdNumbers: 'allowed' })
  q: string;
}

export class SubjectPageQueryDto {
  @ApiPropertyOptional({ example: '2025-06-01T12:00:00+08:00', description: 'Show the page as it was at this instant.' })
  @IsOptional()
  @CreditCode()
  asOf?: string;
}

/** The paged publication lists (双公示): by decision date and department. */
export class PublicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-01-01', description: 'Decisions on or after this day (YYYY-MM-DD).' })
  @IsOptional()
  @CreditDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'Decisions on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @CreditDate()
  to?: string;

  @ApiPropertyOptional({ example: '11450100007712342F', description: 'USCC of the deciding authority or of the source unit.' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'department must be an 18-character USCC' })
  department?: string;
}
