import { PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SubjectSearchQueryDto extends PageQueryDto {
  @ApiProperty({
    example: '南宁市示例',
    description: 'Part of a name, the start of a USCC, or a whole citizen ID number (never echoed back).',
  })
  @Transform(trim)
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
