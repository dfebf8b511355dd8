import { SHARING_PURPOSES, SUPPORTING_CATEGORIES, type SharingPurpose, type SupportingCategory } from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmptyObject, IsOptional, ValidateNested } from 'class-validator';

export class InstitutionDto {
  @ApiProperty({ example: '中国工商银行股份有限公司南宁分行' })
  @CreditName({ max: 200, clearIdNumbers: 'refuse' })
  name: string;

  @ApiProperty({ description: 'USCC of the financial institution: the `sub` of its `institution` token' })
  @CreditCode({ max: 32 })
  code: string;
}

export class IdentityVerificationDto {
  @ApiProperty({ example: 'ZWFW-FACE-20261207-0001', description: "The real-name channel's reference of the person's identity verification" })
  @CreditName({ max: 128, clearIdNumbers: 'refuse' })
  reference: string;
}

export class GrantAuthorizationDto {
  @ApiProperty({ description: "The subject's USCC, or a natural person's citizen ID number (through a real-name channel only)" })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ type: InstitutionDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => InstitutionDto)
  institution: InstitutionDto;

  @ApiProperty({ enum: SHARING_PURPOSES })
  @IsIn([...SHARING_PURPOSES])
  purpose: SharingPurpose;

  @ApiProperty({ enum: SUPPORTING_CATEGORIES, isArray: true, description: 'The supporting-information categories shown; public information is always shown' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SUPPORTING_CATEGORIES.length)
  @IsIn([...SUPPORTING_CATEGORIES], { each: true })
  categories: SupportingCategory[];

  @ApiProperty({ example: '2026-12-07' })
  @CreditDate()
  validFrom: string;

  @ApiProperty({ example: '2027-06-06' })
  @CreditDate()
  validUntil: string;

  @ApiPropertyOptional({ default: false, description: 'Also deliver the 信易贷 share to the national and provincial 信易贷 platforms' })
  @IsOptional()
  @IsBoolean()
  deliverToLoanPlatforms?: boolean;

  @ApiPropertyOptional({ type: IdentityVerificationDto, description: "Required for a natural person: the real-name channel's verification" })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => IdentityVerificationDto)
  identityVerification?: IdentityVerificationDto;
}

export class RevokeAuthorizationDto {
  @ApiProperty({ example: '贷款已结清，不再授权查询' })
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  reason: string;

  @ApiPropertyOptional({ description: "A natural person's citizen ID number, from the real-name channel that verified the person" })
  @IsOptional()
  @CreditCode({ max: 32 })
  subjectCode?: string;
}

export class AuthorizationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "The subject's code: for the subject (its own token), a real-name channel, ops and admin; an institution lists its own" })
  @IsOptional()
  @CreditCode({ max: 32 })
  subjectCode?: string;
}

export class QueryLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "A natural person's citizen ID number, when a real-name channel reads the person's log" })
  @IsOptional()
  @CreditCode({ max: 32 })
  subjectCode?: string;
}
