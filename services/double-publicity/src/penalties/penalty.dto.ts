import { IsLocalDate } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import {
  PENALTY_CATEGORIES,
  PENALTY_PROCEDURES,
  SEVERITIES,
  SPECIAL_SECTORS,
  type PenaltyCategory,
  type PenaltyProcedure,
  type Severity,
  type SpecialSector,
} from '../publicity/publicity-rules';
import { RecordPartiesDto } from '../records/party.dto';

/** Yuan as a decimal string, at most two decimals, never negative (api-contract: money). */
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;

export class DisclosureDto {
  @ApiProperty({ description: 'false keeps the record out of publicity (state or commercial secret, privacy)' })
  @IsBoolean()
  public: boolean;

  @ApiPropertyOptional({ example: '涉及商业秘密' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class RecordPenaltyDto extends RecordPartiesDto {
  @ApiProperty({ example: '南市监处罚〔2025〕123号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  decisionNumber: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  violationType: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  violationFacts: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  basis: string;

  @ApiProperty({ enum: PENALTY_CATEGORIES, isArray: true, description: '行政处罚法 art. 9 categories' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PENALTY_CATEGORIES.length)
  @IsIn(PENALTY_CATEGORIES, { each: true, message: `each of categories must be one of ${PENALTY_CATEGORIES.join(', ')}` })
  categories: PenaltyCategory[];

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  content: string;

  @ApiPropertyOptional({ example: '5000.00', description: 'yuan, decimal string' })
  @IsOptional()
  @IsString()
  @Matches(MONEY_PATTERN, { message: 'fineAmount must be a non-negative amount in yuan such as "5000.00"' })
  fineAmount?: string;

  @ApiPropertyOptional({ example: '1200.00', description: 'yuan, decimal string' })
  @IsOptional()
  @IsString()
  @Matches(MONEY_PATTERN, { message: 'confiscatedAmount must be a non-negative amount in yuan such as "1200.00"' })
  confiscatedAmount?: string;

  @ApiProperty({ example: '2025-03-10', description: 'YYYY-MM-DD' })
  @IsLocalDate()
  decidedOn: string;

  @ApiPropertyOptional({ example: '2026-03-10', description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  validUntil?: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

  @ApiPropertyOptional({ enum: PENALTY_PROCEDURES, description: '简易程序 / 普通程序; default ORDINARY' })
  @IsOptional()
  @IsIn(PENALTY_PROCEDURES)
  procedure?: PenaltyProcedure;

  @ApiPropertyOptional({ enum: SPECIAL_SECTORS, description: 'special equipment, work safety or fire (longer minimum under Order 58)' })
  @IsOptional()
  @IsIn(SPECIAL_SECTORS)
  specialSector?: SpecialSector;

  @ApiPropertyOptional({ type: DisclosureDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DisclosureDto)
  disclosure?: DisclosureDto;
}

export class RevokePenaltyDto {
  @ApiProperty({ example: '行政复议决定撤销原处罚决定' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ example: '南府复决〔2025〕45号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  document: string;
}
