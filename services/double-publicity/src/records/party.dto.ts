import { SUBJECT_KINDS, type SubjectKind } from '@credit/domain-kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';


/** The parties of a licensing or penalty decision, as the national 双公示 standard names them for both. */
export class PenaltySubjectDto {
  @ApiProperty({ example: '南宁市示例科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn(SUBJECT_KINDS)
  kind: SubjectKind;

  @ApiProperty({ description: 'USCC (GB 32100); for natural persons the citizen ID number (GB 11643)', example: '91450100MA5K12347C' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  legalRepresentative?: string;
}

export class UnitDto {
  @ApiProperty({ example: '南宁市市场监督管理局' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'USCC of the unit', example: '11450100007712342F' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
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
