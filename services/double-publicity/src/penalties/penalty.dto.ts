import { SUBJECT_KINDS, type SubjectKind } from '@credit/domain-kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
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

/** Yuan as a decimal string, at most two decimals, never negative (api-contract: money). */
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export class PenaltySubjectDto {
  @ApiProperty({ example: '南宁市示例科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn(SUBJECT_KINDS)
  kind: SubjectKind;

  @ApiProperty({ description: 'USCC (GB 32100); for natural persons the citizen ID number (GB 11643)', example: '91450100MA5K12347C' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  legalRepresentative?: string;
}

export class UnitDto {
  @ApiProperty({ example: '南宁市市场监督管理局' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'USCC of the unit', example: '11450100007712342F' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code: string;
}

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

export class RecordPenaltyDto {
  @ApiProperty({ example: '南市监处罚〔2025〕123号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  decisionNumber: string;

  @ApiProperty({ type: PenaltySubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PenaltySubjectDto)
  subject: PenaltySubjectDto;

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
  @IsString()
  @Matches(DATE_SHAPE, { message: 'decidedOn must be a date YYYY-MM-DD' })
  decidedOn: string;

  @ApiPropertyOptional({ example: '2026-03-10', description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsString()
  @Matches(DATE_SHAPE, { message: 'validUntil must be a date YYYY-MM-DD' })
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

  @ApiProperty({ type: UnitDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UnitDto)
  authority: UnitDto;

  @ApiProperty({ type: UnitDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UnitDto)
  sourceUnit: UnitDto;

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
