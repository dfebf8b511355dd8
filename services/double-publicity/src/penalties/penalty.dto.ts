import { CATALOG_MATTER_CODE_SHAPE } from '@credit/contracts';
import { CreditDate, CreditName, CreditText } from '@credit/platform';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
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
} from '@credit/credit-rules';
import { RecordPartiesDto } from '../records/party.dto';

/** Yuan as a decimal string, at most two decimals, never negative (api-contract: money). */
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;

export class DisclosureDto {
  @ApiProperty({ description: 'false keeps the record out of publicity (state or commercial secret, privacy)' })
  @IsBoolean()
  public: boolean;

  @ApiPropertyOptional({ example: '涉及商业秘密' })
  @IsOptional()
  @CreditText({ max: 1000, multiline: true, clearIdNumbers: 'masked' })
  reason?: string;
}

/*
 * The decorators below are given in the order they apply when written above a property (the
 * lowest first), so the validation errors of a field keep their order.
 */

/** An optional amount in yuan (see {@link MONEY_PATTERN}), `example` naming the form in the error message. */
export const OptionalMoneyAmount = (field: string, example: string, description = 'yuan, decimal string'): PropertyDecorator =>
  applyDecorators(
    Matches(MONEY_PATTERN, { message: `${field} must be a non-negative amount in yuan such as "${example}"` }),
    IsString(),
    IsOptional(),
    ApiPropertyOptional({ example, description }),
  );

/** A `YYYY-MM-DD` date of the record (Asia/Shanghai), required unless `optional`. */
export const RecordDate = (example: string, options: { optional?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    CreditDate(),
    ...(options.optional ? [IsOptional(), ApiPropertyOptional({ example, description: 'YYYY-MM-DD' })] : [ApiProperty({ example, description: 'YYYY-MM-DD' })]),
  );

/** The record's optional {@link DisclosureDto}. */
export const OptionalDisclosure = (): PropertyDecorator =>
  applyDecorators(
    Type(() => DisclosureDto),
    ValidateNested(),
    // An object: an array would pass ValidateNested with nothing to check.
    IsObject(),
    IsOptional(),
    ApiPropertyOptional({ type: DisclosureDto }),
  );

/** 暂扣或吊销证照名称及编号: the licence or certificate a penalty suspends or revokes. */
export class SuspendedCertificateDto {
  @ApiProperty({ example: '食品经营许可证' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ example: 'JY14501000012345' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  number: string;
}

/**
 * The catalog matter (事项目录) a record names, and remarks: optional fields of every record type
 * (penalties, licences, other administrative actions).
 */
export abstract class RecordMatterFieldsDto extends RecordPartiesDto {
  @ApiPropertyOptional({ example: 'XZCF-001', description: "code of a current matter of the source unit's catalog of the record's kind" })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(CATALOG_MATTER_CODE_SHAPE), { message: 'matterCode must be letters, digits, "_", "." or "-" (at most 64), starting with a letter or digit' })
  matterCode?: string;

  @ApiPropertyOptional({ description: 'name of the matter; the catalog name is recorded when matterCode is given' })
  @IsOptional()
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  matterName?: string;

  @ApiPropertyOptional({ description: '备注' })
  @IsOptional()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  remarks?: string;
}

export class RecordPenaltyDto extends RecordMatterFieldsDto {
  @ApiProperty({ example: '南市监处罚〔2025〕123号' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  decisionNumber: string;

  @ApiProperty()
  @CreditText({ max: 500, multiline: true, clearIdNumbers: 'masked' })
  violationType: string;

  @ApiProperty()
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  violationFacts: string;

  @ApiProperty()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  basis: string;

  @ApiProperty({ enum: PENALTY_CATEGORIES, isArray: true, description: '行政处罚法 art. 9 categories' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PENALTY_CATEGORIES.length)
  @IsIn(PENALTY_CATEGORIES, { each: true, message: `each of categories must be one of ${PENALTY_CATEGORIES.join(', ')}` })
  categories: PenaltyCategory[];

  @ApiProperty()
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  content: string;

  @OptionalMoneyAmount('fineAmount', '5000.00')
  fineAmount?: string;

  @OptionalMoneyAmount('confiscatedAmount', '1200.00')
  confiscatedAmount?: string;

  @RecordDate('2025-03-10')
  decidedOn: string;

  @RecordDate('2026-03-10', { optional: true })
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

  @OptionalDisclosure()
  disclosure?: DisclosureDto;

  @ApiPropertyOptional({ type: SuspendedCertificateDto, description: 'required when categories include 暂扣许可证件 or 吊销许可证件' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SuspendedCertificateDto)
  suspendedCertificate?: SuspendedCertificateDto;
}

export class RevokePenaltyDto {
  @ApiProperty({ example: '行政复议决定撤销原处罚决定' })
  // Published as given (not masked): a clear ID number is refused here.
  @CreditText({ max: 2000, multiline: true })
  reason: string;

  @ApiProperty({ example: '南府复决〔2025〕45号' })
  @CreditName({ max: 500 })
  document: string;
}
