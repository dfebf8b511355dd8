import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Free text that goes into events must not carry a clear citizen ID number (architecture.md, Personal data). */
const NO_ID_NUMBER = /^(?![\s\S]*[1-8]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx])[\s\S]*$/;
const NO_ID_MESSAGE = '$property must not contain a citizen ID number';

export class RepairTargetDto {
  @ApiProperty({ enum: ['PENALTY', 'LIST_ENTRY'] })
  @IsIn(['PENALTY', 'LIST_ENTRY'])
  type: 'PENALTY' | 'LIST_ENTRY';

  @ApiProperty({ description: 'Penalty id or list entry id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

export class EvidenceDto {
  @ApiProperty({ example: 'FINE_PAID' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(NO_ID_NUMBER, { message: NO_ID_MESSAGE })
  kind: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @Matches(NO_ID_NUMBER, { message: NO_ID_MESSAGE })
  description: string;
}

export class ApplyForRepairDto {
  @ApiProperty({ description: 'USCC, or the citizen ID number of a natural person' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(18)
  subjectCode: string;

  @ApiProperty({ type: RepairTargetDto })
  @ValidateNested()
  @Type(() => RepairTargetDto)
  target: RepairTargetDto;

  @ApiPropertyOptional({ description: 'The 信用修复型 commitment the application rests on' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  commitmentId?: string;

  @ApiProperty({ type: [EvidenceDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence: EvidenceDto[];
}

export class RepairDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approved: boolean;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @Matches(NO_ID_NUMBER, { message: NO_ID_MESSAGE })
  reason: string;
}
