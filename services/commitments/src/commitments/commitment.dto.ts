import {
  CATALOG_MATTER_CODE_SHAPE,
  COMMITMENT_CLOSURES,
  COMMITMENT_EVIDENCE_LIMITS,
  COMMITMENT_TYPES,
  FULFILMENT_OUTCOMES,
  type CommitmentClosure,
  type CommitmentType,
  type FulfilmentOutcome,
} from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmptyObject, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { COMMITMENT_LIFECYCLE_STATUSES, type CommitmentLifecycleStatus } from './commitment.decider';


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

  @ApiPropertyOptional({
    example: 'CN-SPJY-001',
    description:
      "The matter of the accepting unit's list of commitment matters (承诺事项清单). With it, type, matter, public and text come " +
      'from the list (text = its template filled in); without it, they are required as before.',
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(CATALOG_MATTER_CODE_SHAPE), { message: 'matterCode must be letters, digits, "_", "." or "-" (at most 64), starting with a letter or digit' })
  matterCode?: string;

  @ApiPropertyOptional({ example: '南宁市某某食品有限公司', description: "The subject's name, for the template's {subjectName}" })
  @IsOptional()
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  subjectName?: string;

  @ApiPropertyOptional({ enum: COMMITMENT_TYPES, description: 'Required without matterCode' })
  @IsOptional()
  @IsIn([...COMMITMENT_TYPES])
  type?: CommitmentType;

  @ApiPropertyOptional({ example: '信用修复承诺', description: 'Required without matterCode' })
  @IsOptional()
  @CreditText({ max: 200, clearIdNumbers: 'masked' })
  matter?: string;

  @ApiPropertyOptional({ description: "Required without matterCode; with it, when given, exactly the matter's template filled in" })
  @IsOptional()
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  text?: string;

  @ApiProperty({ example: '2025-09-01' })
  @CreditDate()
  signedOn: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  @IsOptional()
  @CreditDate()
  validUntil?: string;

  @ApiPropertyOptional({ description: 'Required without matterCode' })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiProperty({ type: AcceptingUnitDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AcceptingUnitDto)
  acceptingUnit: AcceptingUnitDto;
}

/** A piece of evidence a finding rests on; the bounds are the event contract's (COMMITMENT_EVIDENCE_LIMITS). */
export class CommitmentEvidenceDto {
  @ApiProperty({ example: '现场核查记录', description: "The evidence item, as the matter's evidenceRequired names it" })
  @CreditName({ max: COMMITMENT_EVIDENCE_LIMITS.itemMaxLength, clearIdNumbers: 'masked' })
  item: string;

  @ApiProperty({ example: '南审批核〔2026〕118号', description: 'Where the evidence is kept: record number, file reference' })
  @CreditText({ max: COMMITMENT_EVIDENCE_LIMITS.referenceMaxLength, clearIdNumbers: 'masked' })
  reference: string;
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

  @ApiPropertyOptional({
    type: [CommitmentEvidenceDto],
    description:
      "The evidence the finding rests on. A FULFILLED finding on a commitment whose matter requires evidence names each item of the matter's " +
      'evidenceRequired (422 naming the missing ones otherwise); items not required may come with them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMMITMENT_EVIDENCE_LIMITS.maxItems)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CommitmentEvidenceDto)
  evidence?: CommitmentEvidenceDto[];
}

export class CloseCommitmentDto {
  @ApiProperty({ enum: COMMITMENT_CLOSURES, description: 'EXPIRED: its term (validUntil) ran out; WITHDRAWN: withdrawn before a finding' })
  @IsIn([...COMMITMENT_CLOSURES])
  status: CommitmentClosure;

  @ApiProperty()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  reason: string;

  @ApiProperty({ example: '2026-03-01' })
  @CreditDate()
  decidedOn: string;
}

export class CommitmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "USCC or citizen ID number: a subject's commitments (required without acceptingUnit)" })
  @IsOptional()
  @CreditCode({ max: 32 })
  subjectCode?: string;

  @ApiPropertyOptional({ description: "USCC of the accepting unit: its work queue (the caller's own unit; ops/admin any)" })
  @IsOptional()
  @CreditCode({ max: 32 })
  acceptingUnit?: string;

  @ApiPropertyOptional({ enum: [...COMMITMENT_LIFECYCLE_STATUSES, 'FULFILLED'] })
  @IsOptional()
  @IsIn([...COMMITMENT_LIFECYCLE_STATUSES, 'FULFILLED'])
  status?: CommitmentLifecycleStatus | 'FULFILLED';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only commitments in force whose verification is past due' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}

export class CommitmentStatisticsQueryDto {
  @ApiProperty({ description: 'USCC of the accepting unit (department)' })
  @CreditCode({ max: 32 })
  department: string;

  @ApiProperty({ example: '2026-01-01', description: 'First signature date counted' })
  @CreditDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last signature date counted' })
  @CreditDate()
  to: string;
}
