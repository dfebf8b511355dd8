import { IDENTITY_DOCUMENT_TYPES, type IdentityDocumentType } from '@credit/contracts';
import { CreditCode, CreditName } from '@credit/platform';
import { SUBJECT_KINDS, type SubjectKind } from '@credit/domain-kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** An identity document (证件): its kind and number. The number is checked and kept only masked. */
export class IdentityDocumentDto {
  @ApiProperty({ enum: IDENTITY_DOCUMENT_TYPES })
  @IsIn(IDENTITY_DOCUMENT_TYPES)
  type: IdentityDocumentType;

  @ApiProperty({ description: 'ID_CARD: a citizen ID number (GB 11643); never shown or published in clear' })
  @CreditCode({ max: 32 })
  number: string;
}


/** The parties of a licensing or penalty decision, as the national 双公示 standard names them for both. */
export class PenaltySubjectDto {
  @ApiProperty({ example: '南宁市示例科技有限公司' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn(SUBJECT_KINDS)
  kind: SubjectKind;

  @ApiProperty({ description: 'USCC (GB 32100), or 00000000000000000X for an individual business without one (then registrationNumber is required); for natural persons the document number (GB 11643 citizen ID by default)', example: '91450100MA5K12347C' })
  @CreditCode({ max: 32 })
  code: string;

  @ApiPropertyOptional()
  @IsOptional()
  @CreditName({ max: 100, clearIdNumbers: 'masked' })
  legalRepresentative?: string;

  @ApiPropertyOptional({ type: IdentityDocumentDto, description: "法定代表人证件; the number appears only masked in events and answers" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IdentityDocumentDto)
  legalRepresentativeDocument?: IdentityDocumentDto;

  @ApiPropertyOptional({ enum: IDENTITY_DOCUMENT_TYPES, description: 'Natural persons only: the document `code` is the number of (default ID_CARD)' })
  @IsOptional()
  @IsIn(IDENTITY_DOCUMENT_TYPES)
  documentType?: IdentityDocumentType;

  @ApiPropertyOptional({ example: '450100000012345', description: '工商注册号 (15 digits); required with the placeholder code 00000000000000000X' })
  @IsOptional()
  @CreditCode({ max: 32 })
  registrationNumber?: string;

  @ApiPropertyOptional({ example: 'MA5K1234-7', description: '组织机构代码 (GB 11714)' })
  @IsOptional()
  @CreditCode({ max: 32 })
  organizationCode?: string;

  @ApiPropertyOptional({ description: '税务登记号 (15, 18 or 20 characters)' })
  @IsOptional()
  // Published with any ID-number-shaped part masked (an individual's tax number may be built on one).
  @CreditCode({ max: 32 })
  taxNumber?: string;

  @ApiPropertyOptional({ description: '事业单位证书号' })
  @IsOptional()
  @CreditName({ max: 64, clearIdNumbers: 'masked' })
  institutionCertificateNumber?: string;

  @ApiPropertyOptional({ description: '社会组织登记证号' })
  @IsOptional()
  @CreditName({ max: 64, clearIdNumbers: 'masked' })
  socialOrganizationNumber?: string;
}

export class UnitDto {
  @ApiProperty({ example: '南宁市市场监督管理局' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ description: 'USCC of the unit', example: '11450100007712342F' })
  @CreditCode({ max: 32 })
  code: string;
}

/** Subject, deciding authority and source unit: the blocks every decision record carries (domain.md §2). */
export abstract class RecordPartiesDto {
  @ApiProperty({ type: PenaltySubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PenaltySubjectDto)
  subject: PenaltySubjectDto;

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
}
