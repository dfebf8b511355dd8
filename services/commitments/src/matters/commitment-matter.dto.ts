import { CATALOG_MATTER_CODE_SHAPE, COMMITMENT_CONSEQUENCES, COMMITMENT_TYPES, type CommitmentConsequence, type CommitmentType } from '@credit/contracts';
import { CreditCode, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmptyObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AcceptingUnitDto } from '../commitments/commitment.dto';

export class VerificationRuleDto {
  @ApiProperty({ example: 20, description: 'Working days after the signature within which the accepting unit verifies (platform calendar)' })
  @IsInt()
  @Min(1)
  @Max(250)
  workingDays: number;

  @ApiProperty({ example: ['营业执照副本', '现场核查记录'], description: 'Evidence the verification requires' })
  @IsArray()
  @ArrayMaxSize(20)
  @CreditName({ max: 200, each: true, clearIdNumbers: 'masked' })
  evidenceRequired: string[];
}

export class RegisterCommitmentMatterDto {
  @ApiProperty({ type: AcceptingUnitDto, description: 'The department whose list holds the matter: the accepting unit of its commitments' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AcceptingUnitDto)
  department: AcceptingUnitDto;

  @ApiProperty({ example: 'CN-SPJY-001', description: 'letters, digits, `_`, `.`, `-`; at most 64' })
  @IsString()
  @Matches(new RegExp(CATALOG_MATTER_CODE_SHAPE), { message: 'code must be letters, digits, "_", "." or "-" (at most 64), starting with a letter or digit' })
  code: string;

  @ApiProperty({ example: '食品经营许可告知承诺' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ enum: COMMITMENT_TYPES })
  @IsIn([...COMMITMENT_TYPES])
  type: CommitmentType;

  @ApiProperty({ example: '《优化营商环境条例》第十九条' })
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  legalBasis: string;

  @ApiProperty({ example: '{subjectName}就{matterName}郑重承诺：所提交材料真实有效，如有虚假愿承担法律责任。承诺日期：{date}', description: 'Placeholders: {subjectName}, {matterName}, {date}, {acceptingUnitName}' })
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  template: string;

  @ApiProperty({ type: VerificationRuleDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => VerificationRuleDto)
  verification: VerificationRuleDto;

  @ApiProperty({ enum: COMMITMENT_CONSEQUENCES })
  @IsIn([...COMMITMENT_CONSEQUENCES])
  consequenceOnBreach: CommitmentConsequence;

  @ApiProperty()
  @IsBoolean()
  public: boolean;

  @ApiPropertyOptional({ description: 'The version the caller read (0 for a new matter): a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class CommitmentMatterQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'USCC of the department' })
  @IsOptional()
  @CreditCode({ max: 32 })
  department?: string;
}
