import { CreditCode, CreditText } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  ValidateNested, IsObject } from 'class-validator';

// Free text here goes into events as sent (this service does not mask it), so it must not carry a
// clear citizen ID number (architecture.md, Personal data): CreditText refuses one, however written,
// with the pattern the contracts refuse.

export class RepairTargetDto {
  @ApiProperty({ enum: ['PENALTY', 'LIST_ENTRY'] })
  @IsIn(['PENALTY', 'LIST_ENTRY'])
  type: 'PENALTY' | 'LIST_ENTRY';

  @ApiProperty({ description: 'Penalty id or list entry id' })
  @CreditCode({ max: 64 })
  id: string;
}

export class EvidenceDto {
  @ApiProperty({ example: 'FINE_PAID' })
  @CreditText({ max: 100 })
  kind: string;

  @ApiProperty()
  @CreditText({ max: 2000, multiline: true })
  description: string;
}

export class ApplyForRepairDto {
  @ApiProperty({ description: 'USCC, or the citizen ID number of a natural person' })
  @CreditCode({ max: 18 })
  subjectCode: string;

  @ApiProperty({ type: RepairTargetDto })
  // An object: an array would pass ValidateNested with nothing to check.
  @IsObject()
  @ValidateNested()
  @Type(() => RepairTargetDto)
  target: RepairTargetDto;

  @ApiPropertyOptional({ description: 'The 信用修复型 commitment the application rests on' })
  @IsOptional()
  @CreditCode({ max: 64 })
  commitmentId?: string;

  @ApiProperty({ type: [EvidenceDto] })
  @IsArray()
  @ArrayMaxSize(50)
  // Objects: an array inside the array would pass ValidateNested with nothing to check.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence: EvidenceDto[];
}

export class RepairDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approved: boolean;

  @ApiProperty()
  @CreditText({ max: 2000, multiline: true })
  reason: string;
}
