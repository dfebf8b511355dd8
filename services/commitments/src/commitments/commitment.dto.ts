import { COMMITMENT_TYPES, FULFILMENT_OUTCOMES, type CommitmentType, type FulfilmentOutcome } from '@credit/contracts';
import { PageQueryDto, IsLocalDate } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsNotEmptyObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';


export class AcceptingUnitDto {
  @ApiProperty({ example: '南宁市行政审批局' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '11450100007712342F', description: 'USCC of the accepting unit (GB 32100)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code: string;
}

export class SignCommitmentDto {
  @ApiProperty({ description: 'USCC (GB 32100) or, for natural persons, the citizen ID number (GB 11643)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  subjectCode: string;

  @ApiProperty({ enum: COMMITMENT_TYPES })
  @IsIn([...COMMITMENT_TYPES])
  type: CommitmentType;

  @ApiProperty({ example: '信用修复承诺' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  matter: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;

  @ApiProperty({ example: '2025-09-01' })
  @IsLocalDate()
  signedOn: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  @IsOptional()
  @IsLocalDate()
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
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;

  @ApiProperty({ example: '2026-03-01' })
  @IsLocalDate()
  decidedOn: string;
}

export class CommitmentListQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'USCC or citizen ID number' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  subjectCode: string;
}
