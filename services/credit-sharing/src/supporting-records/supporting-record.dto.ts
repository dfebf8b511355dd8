import {
  MONTH_SHAPE,
  STATUSES_OF_CATEGORY,
  SUPPORTING_CATEGORIES,
  SUPPORTING_STATUSES,
  TAX_CREDIT_GRADES,
  type SupportingCategory,
  type SupportingStatus,
  type TaxCreditGrade,
} from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmptyObject, IsNumber, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';

export class SourceUnitDto {
  @ApiProperty({ example: '国家税务总局南宁市税务局' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ example: '11450100MB0000000X', description: 'USCC of the department that established the fact' })
  @CreditCode({ max: 32 })
  code: string;
}

export class RecordSupportingDto {
  @ApiProperty({ description: 'USCC (GB 32100) or, for natural persons, the citizen ID number (GB 11643)' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ example: '南宁市某某商贸有限公司' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  subjectName: string;

  @ApiProperty({ enum: SUPPORTING_CATEGORIES })
  @IsIn([...SUPPORTING_CATEGORIES])
  category: SupportingCategory;

  @ApiProperty({ enum: SUPPORTING_STATUSES, description: `Per category: ${JSON.stringify(STATUSES_OF_CATEGORY)}` })
  @IsIn([...SUPPORTING_STATUSES])
  status: SupportingStatus;

  @ApiProperty({ example: 'SW-2026-000123', description: "The department's own record number: unique per source unit and category" })
  @CreditName({ max: 64 })
  sourceReference: string;

  @ApiPropertyOptional({ example: '2026-10', description: 'The month the record is about (YYYY-MM), for payments' })
  @IsOptional()
  @Matches(new RegExp(MONTH_SHAPE), { message: 'period must be a month, YYYY-MM' })
  period?: string;

  @ApiPropertyOptional({ enum: TAX_CREDIT_GRADES, description: '纳税信用等级, TAX records only' })
  @IsOptional()
  @IsIn([...TAX_CREDIT_GRADES])
  taxGrade?: TaxCreditGrade;

  @ApiPropertyOptional({ example: 1280.5, description: 'Yuan, at most two decimals' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'amount must be a number of yuan with at most two decimals' })
  @Min(0)
  @Max(1e13)
  amount?: number;

  @ApiProperty({ example: '2026年10月增值税按期足额缴纳' })
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  description: string;

  @ApiProperty({ example: '2026-11-05' })
  @CreditDate()
  recordedOn: string;

  @ApiPropertyOptional({ example: '2027-11-05' })
  @IsOptional()
  @CreditDate()
  validUntil?: string;

  @ApiProperty({ type: SourceUnitDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => SourceUnitDto)
  sourceUnit: SourceUnitDto;
}

export class SupportingListQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'USCC or citizen ID number of the subject' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiPropertyOptional({ enum: SUPPORTING_CATEGORIES })
  @IsOptional()
  @IsIn([...SUPPORTING_CATEGORIES])
  category?: SupportingCategory;
}
