import { LIST_KINDS, type ListKind } from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText, PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsOptional, ValidateNested, IsObject } from 'class-validator';


export class ListBasisDto {
  @ApiProperty({ type: [String], description: 'Ids of the records (penalties, breaches) the listing rests on.' })
  @IsArray()
  @ArrayMaxSize(100)
  @CreditCode({ max: 64, each: true })
  recordIds: string[];

  @ApiProperty({ example: '南市监信〔2025〕12号', description: 'The listing decision document (认定文书).' })
  @Trimmed()
  @CreditName({ max: 500 })
  document: string;
}

export class UnitDto {
  @ApiProperty({ example: '南宁市市场监督管理局' })
  @Trimmed()
  @CreditName({ max: 200 })
  name: string;

  @ApiProperty({ example: '11450100007712342F', description: 'USCC of the unit (GB 32100).' })
  @CreditCode({ max: 32 })
  code: string;
}

/** What a listing names, decided directly or through a nomination: the subject, the list, the dates. */
export abstract class ListingDto {
  @ApiProperty({ description: 'USCC, or the citizen ID number of a natural person', example: '91450100MA5K12347C' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ enum: LIST_KINDS })
  @IsIn(LIST_KINDS)
  list: ListKind;

  @ApiProperty({ example: '2025-03-04', description: 'YYYY-MM-DD' })
  @CreditDate()
  decidedOn: string;

  @ApiPropertyOptional({ example: '2028-03-03', description: 'YYYY-MM-DD, last day in force' })
  @IsOptional()
  @CreditDate()
  validUntil?: string;
}

export class CreateListEntryDto extends ListingDto {
  @ApiProperty({ example: 'SERIOUS_DISHONESTY_MARKET' })
  @Trimmed()
  @CreditName({ max: 100 })
  category: string;

  @ApiProperty({ type: ListBasisDto })
  @IsDefined()
  // An object: an array would pass ValidateNested with nothing to check.
  @IsObject()
  @ValidateNested()
  @Type(() => ListBasisDto)
  basis: ListBasisDto;

  @ApiProperty({ type: UnitDto })
  @IsDefined()
  // An object: an array would pass ValidateNested with nothing to check.
  @IsObject()
  @ValidateNested()
  @Type(() => UnitDto)
  initiatingUnit: UnitDto;
}

export class ExitListEntryDto {
  @ApiProperty({ example: '信用修复申请经审核通过' })
  @Trimmed()
  @CreditText({ max: 2000, multiline: true })
  reason: string;
}

export const LIST_ENTRY_STATUSES = ['IN_FORCE', 'EXITED'] as const;
export type ListEntryStatus = (typeof LIST_ENTRY_STATUSES)[number];

export class ListEntryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'USCC or citizen ID number' })
  @IsOptional()
  @CreditCode({ max: 32 })
  subjectCode?: string;

  @ApiPropertyOptional({ enum: LIST_ENTRY_STATUSES })
  @IsOptional()
  @IsIn(LIST_ENTRY_STATUSES)
  status?: ListEntryStatus;
}
