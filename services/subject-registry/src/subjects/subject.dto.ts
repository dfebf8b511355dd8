import { CreditCode, CreditDate, CreditName } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { LEGACY_CODE_SCHEMES as LEGACY_SCHEMES, SUBJECT_KINDS } from '@credit/contracts';
import type { LegacyScheme, SubjectKind } from './subject.decider';

/**
 * Shapes of the codes that preceded the USCC (三证合一): the 15-digit business registration
 * number (工商注册号), the 9-character organisation code (组织机构代码, GB 11714, with a hyphen
 * often written before the check character) and the 15/18/20-character tax registration number.
 */
export const LEGACY_CODE_PATTERNS: Record<LegacyScheme, RegExp> = {
  REGISTRATION_NO: /^\d{15}$/,
  ORGANIZATION_CODE: /^[0-9A-Z]{8}[0-9X]$/,
  TAX_NO: /^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$/,
};

export class LegacyCodeDto {
  @ApiProperty({ enum: LEGACY_SCHEMES })
  @IsIn([...LEGACY_SCHEMES])
  scheme: LegacyScheme;

  @ApiProperty({ example: '450100000012345' })
  // Published as registered (not masked): a clear ID number is refused here.
  @CreditName({ max: 32 })
  value: string;
}

export class RegisterSubjectDto {
  @ApiProperty({
    description: '18-character USCC (GB 32100) or, for natural persons, the 18-character citizen ID number (GB 11643)',
    example: '91450100MA5K12347C',
  })
  @CreditCode({ max: 32 })
  code: string;

  @ApiProperty({ example: '南宁市示例科技有限公司' })
  @CreditName({ max: 200 })
  name: string;

  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn([...SUBJECT_KINDS])
  kind: SubjectKind;

  @ApiPropertyOptional()
  @IsOptional()
  @CreditName({ max: 100 })
  legalRepresentative?: string;

  @ApiPropertyOptional({ example: '2019-06-01', description: 'YYYY-MM-DD' })
  @IsOptional()
  @CreditDate()
  registeredOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @CreditName({ max: 200 })
  registrationAuthority?: string;

  @ApiPropertyOptional({ type: [LegacyCodeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  // Objects: an array inside the array would pass ValidateNested with nothing to check.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LegacyCodeDto)
  legacyCodes?: LegacyCodeDto[];
}

/** Items are validated one by one by the service, so that one bad item does not refuse the batch. */
export class RegisterSubjectBatchDto {
  @ApiProperty({ type: [RegisterSubjectDto], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  items: unknown[];
}
