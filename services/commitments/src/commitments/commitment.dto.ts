import { COMMITMENT_TYPES, FULFILMENT_OUTCOMES, type CommitmentType, type FulfilmentOutcome } from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmptyObject, IsOptional, ValidateNested } from 'class-validator';


export class AcceptingUnitDto {
  @ApiProperty({ example: '南宁市行政审批局' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ example: '11450100007712342F', description: 'USCC of the accepting unit (GB 32100)' })
  @CreditCode({ max: 32 })
  code: string;
}

export class SignCommitmentDto {
  @ApiProperty({ description: 'USCC (GB 32100) or, for natural persons, the citizen ID number (GB 11643)' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ enum: COMMITMENT_TYPES })
  @IsIn([...COMMITMENT_TYPES])
  type: CommitmentType;

  @ApiProperty({ example: '信用修复承诺' })
  @CreditText({ max: 200, clearIdNumbers: 'masked' })
  matter: string;

  @ApiProperty()
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  text: string;

  @ApiProperty({ example: '2025-09-01' })
  @CreditDate()
  signedOn: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  @IsOptional()
  @CreditDate()
  validUntil?: string;

  @ApiProperty()
  @IsBoolean()
  public: boolean;

  @ApiProperty({ type: AcceptingUnitDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AcceptingUnitDto)
  acceptingUnit: AcceptingUnitDto;
}

export class RecordFulfilmentDto {
  @ApiProperty({ enum: FULFILMENT_OUTCOMES })
  @IsIn([...FULFILMENT_OUTCOMES])
  outcome: FulfilmentOutcome;

  @ApiProperty()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  note: string;

  @ApiProperty({ example: '2026-03-01' })
  @CreditDate()
  decidedOn: string;
}

export class CommitmentListQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'USCC or citizen ID number' })
  @CreditCode({ max: 32 })
  subjectCode: string;
}
