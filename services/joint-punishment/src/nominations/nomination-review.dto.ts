import { CreditCode, CreditName, CreditText, PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested, IsObject } from 'class-validator';
import { CATALOG_CODE } from '../catalog/catalog.dto';
import { ListingDto } from '../list-entries/list-entries.dto';


export class NominationDocumentDto {
  @ApiProperty({ example: '列入严重违法失信名单决定书' })
  @Trimmed()
  @CreditName({ max: 200 })
  name: string;

  @ApiProperty({ example: '南市监列严〔2025〕1号', description: 'Document number (文号).' })
  @Trimmed()
  @CreditName({ max: 100 })
  number: string;
}

export class NominationBasisDto {
  @ApiProperty({
    type: [String],
    description:
      'Black list: ids of penalties or commitments of the subject, received here and still in publicity (may be empty when the documents suffice). ' +
      'Red list: empty; a red list rests on its honours documents.',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @CreditCode({ max: 64, each: true })
  recordIds: string[];

  @ApiProperty({ type: [NominationDocumentDto], description: 'The basis documents (认定文书; for a red list the honours documents, 表彰文件), at least one.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  // Objects: an array inside the array would pass ValidateNested with nothing to check.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NominationDocumentDto)
  documents: NominationDocumentDto[];
}

export class SubmitNominationDto extends ListingDto {
  @ApiProperty({ example: 'MARKET_SERIOUS_ILLEGAL', description: 'A category of the list-category catalog.' })
  @Trimmed()
  @IsString()
  @Matches(CATALOG_CODE, { message: 'category must be a list-category code (letters, digits, _, . or -)' })
  category: string;

  @ApiProperty({ type: NominationBasisDto })
  @IsDefined()
  // An object: an array would pass ValidateNested with nothing to check.
  @IsObject()
  @ValidateNested()
  @Type(() => NominationBasisDto)
  basis: NominationBasisDto;

  @ApiPropertyOptional({ description: 'The nomination proposal this nomination takes up (it then shows NOMINATED).' })
  @IsOptional()
  @IsUUID('all', { message: 'proposalId must be the id of a nomination proposal' })
  proposalId?: string;
}

export class ReviewNominationDto {
  @ApiProperty({ description: 'true: the entry goes in force; false: rejected, nothing listed.' })
  @IsDefined()
  @IsBoolean()
  approved: boolean;

  @ApiProperty({ example: '依据充分，同意列入' })
  @Trimmed()
  @CreditText({ max: 2000, multiline: true })
  note: string;
}

export const NOMINATION_STATUSES = ['PENDING_REVIEW', 'APPROVED', 'REJECTED'] as const;

export class NominationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOMINATION_STATUSES })
  @IsOptional()
  @IsIn(NOMINATION_STATUSES)
  status?: (typeof NOMINATION_STATUSES)[number];
}
