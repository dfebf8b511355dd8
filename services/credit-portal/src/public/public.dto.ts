import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `?page=1&pageSize=50` (api-contract.md, Common rules). */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

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
