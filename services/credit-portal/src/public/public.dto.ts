import { CreditCode, CreditName, PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';


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
