import { LIST_KINDS, type ListKind } from '@credit/contracts';
import { CreditCode, CreditName, CreditText, PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
/** Codes of categories, measures and unit kinds: upper case letters, digits, `_`, `.`, `-`. */
export const CATALOG_CODE = /^[A-Z0-9][A-Z0-9_.-]{0,63}$/;

export class DefineListCategoryDto {
  @ApiProperty({ example: 'MARKET_SERIOUS_ILLEGAL', description: 'Upper case letters, digits, `_`, `.`, `-` (up to 64).' })
  @Transform(upper)
  @IsString()
  @Matches(CATALOG_CODE, { message: 'code must be 1 to 64 letters, digits, _, . or - starting with a letter or digit' })
  code: string;

  @ApiProperty({ example: '市场监督管理严重违法失信名单' })
  @Trimmed()
  @CreditName({ max: 200 })
  name: string;

  @ApiProperty({ enum: LIST_KINDS })
  @IsIn(LIST_KINDS)
  list: ListKind;

  @ApiProperty({ example: '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）' })
  @Trimmed()
  @CreditText({ max: 2000, multiline: true, blankMessage: 'legalBasis is required: a list category enters the catalog only with its legal basis' })
  legalBasis: string;

  @ApiPropertyOptional({ type: [String], example: ['MARKET_REGULATION'], description: 'Kinds of deciding units that may list in this category.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CATALOG_CODE, { each: true, message: 'each decidingUnitKinds item must be a code of letters, digits, _, . or -' })
  decidingUnitKinds?: string[];

  @ApiPropertyOptional({ example: 12, description: 'Months in force before removal may be applied for (SAMR Order 44: 12).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  earliestExitAfterMonths?: number;

  @ApiPropertyOptional({ example: 36, description: 'Months after which the entry leaves the list on its own (SAMR Order 44: 36).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  autoExitAfterMonths?: number;
}

export class DefineLinkageUnitDto {
  @ApiProperty({ example: '11450100007712350A', description: 'USCC of the unit (GB 32100).' })
  @CreditCode({ max: 32 })
  code: string;

  @ApiProperty({ example: '市市场监督管理局' })
  @Trimmed()
  @CreditName({ max: 200 })
  name: string;

  @ApiPropertyOptional({ example: '信用监管科 0771-0000000' })
  @IsOptional()
  @Trimmed()
  @CreditText({ max: 200 })
  contact?: string;
}

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-09-01T00:00:00+08:00', description: 'The catalog as it stood at this time (ISO 8601); default now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date or timestamp' })
  asOf?: string;

  @ApiPropertyOptional({ enum: LIST_KINDS, description: 'List categories and measures of one list only.' })
  @IsOptional()
  @IsIn(LIST_KINDS)
  list?: ListKind;
}
