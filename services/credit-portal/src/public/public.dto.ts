import { PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';


export class SubjectSearchQueryDto extends PageQueryDto {
  @ApiProperty({
    example: '南宁市示例',
    description: 'Part of a name, the start of a USCC, or a whole citizen ID number (never echoed back).',
  })
  @Trimmed()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q: string;
}

export class SubjectPageQueryDto {
  @ApiPropertyOptional({ example: '2025-06-01T12:00:00+08:00', description: 'Show the page as it was at this instant.' })
  @IsOptional()
  @IsString()
  asOf?: string;
}
